// Hints for notation pasted from NumPy, MATLAB, Python or LaTeX: the lexer stops at a character
// mcalc does not use, and the error shows the mcalc spelling of what was probably meant.

const GREEK_COMMAND = /^\\(alpha|beta|gamma|delta|epsilon|varepsilon|zeta|eta|theta|vartheta|iota|kappa|lambda|mu|nu|xi|pi|rho|sigma|tau|upsilon|phi|varphi|chi|psi|omega|Gamma|Delta|Theta|Lambda|Xi|Pi|Sigma|Phi|Psi|Omega)(?![A-Za-z])/;

const LATEX: readonly [RegExp, string][] = [
  [/^\\frac/, '\\frac{a}{b} is LaTeX; mcalc writes (a)/(b), as in 1/2*norm(W*x)^2'],
  [/^\\\|/, '\\| is LaTeX; mcalc writes the norm as norm(x) (or ‖x‖)'],
  [/^\\(top|intercal|mathsf\{T\}|mathrm\{T\}|T)(?![A-Za-z])/, 'mcalc writes the transpose as x\' (or xᵀ)'],
  [/^\\(cdot|times)(?![A-Za-z])/, 'mcalc writes a product as a*b'],
  [/^\\(odot|circ)(?![A-Za-z])/, 'mcalc writes the elementwise product as a .* b'],
  [/^\\otimes(?![A-Za-z])/, 'mcalc writes the Kronecker product as kron(A, B)'],
  [/^\\(operatorname|mathrm)\{(tr|diag|det)\}/, 'mcalc writes tr(A), diag(v), det(A)'],
  [/^\\(left|right)/, 'mcalc needs no \\left and \\right: write the brackets alone'],
  [/^\\(log|exp|sin|cos|tan|tanh|sqrt|det)(?![A-Za-z])/, 'mcalc writes functions with parentheses: log(x), sqrt(x)'],
];

/** The hint for an error token (its text is the rest of the input from the bad character). */
export function pastedHint(rest: string): string | undefined {
  if (rest.startsWith('@')) return '"@" is NumPy\'s matrix product; mcalc writes * (x\'*A*x)';
  if (/^\.T(?![A-Za-z0-9_])/.test(rest)) return '".T" is NumPy\'s transpose; mcalc writes x\' (or xᵀ)';
  if (rest.startsWith('==')) return '"==" compares; mcalc has no equations: a statement declares (x : vector(n)), defines (f := ...) or asks for an expression';
  if (/^=\s*(scalar|vector|matrix)\b/.test(rest)) return 'write ":" to declare a name (x : vector(n)); ":=" defines one (f := x\'*x)';
  if (rest.startsWith('=')) return 'write ":=" to define a name';
  const greek = GREEK_COMMAND.exec(rest);
  if (greek) return `\\${greek[1]} is LaTeX; mcalc writes ${greek[1]!.replace(/^var/, '')} (or the Greek letter itself)`;
  for (const [pattern, hint] of LATEX) if (pattern.test(rest)) return hint;
  if (rest.startsWith('\\')) return 'LaTeX commands are not read; docs/language.md lists the mcalc forms';
  if (rest.startsWith('.')) return 'mcalc\'s dotted operators are .* ./ and .^; the transpose is x\'';
  return undefined;
}
