# The grammar of one mcalc statement (LANGUAGE.md sections 1 and 2). parse.ts splits a program
# into statements itself, drops blanks, comments and newlines, and feeds one statement's tokens
# (see src/parse/lexer.ts) at a time. `expr` is also used on its own as a start symbol.
#
# It must give exactly one parse for every valid input (test/parse/ambiguity.test.ts). Only
# token types are used as terminals (Unicode spellings share a type with their ASCII form), and
# every chain is left-recursive except the ones that must nest to the right (signs, exponents),
# which keeps Earley parsing linear.
@preprocessor typescript
@{%
import { lexer } from './lexer.js';
import * as b from './builders.js';
%}
@lexer lexer

statement -> expr                            {% ([e]) => b.exprStatement(e) %}
  | %name %assign expr                       {% ([n, , e]) => b.definition(n, e) %}
  | names %colon type                        {% ([ns, , t]) => b.declaration(ns, t) %}
  | names %colon type props                  {% ([ns, , t, ps]) => b.declaration(ns, t, ps) %}

names -> %name                               {% ([n]) => b.list(n) %}
  | names %comma %name                       {% ([ns, , n]) => b.list(n, ns) %}

# scalar | vector(n) | matrix(m, n): the builder checks the word and the number of dimensions.
type -> %name                                {% ([w]) => b.typeSpec(w) %}
  | %name %lparen dims %rparen               {% ([w, , ds, close]) => b.typeSpec(w, ds, close) %}

dims -> dim                                  {% ([d]) => b.list(d) %}
  | dims %comma dim                          {% ([ds, , d]) => b.list(d, ds) %}
# a product of dimensions, m*n (the length of vec(X) for an m x n X), is one token (builders.ts)
dim -> %name {% id %} | %number {% id %}
  | dim %mulop %name                         {% ([l, op, r]) => b.dimProduct(l, op, r) %}
  | dim %mulop %number                       {% ([l, op, r]) => b.dimProduct(l, op, r) %}

# symmetric posdef, or symmetric, posdef: the builder checks the words.
props -> %name                               {% ([p]) => b.list(p) %}
  | props %name                              {% ([ps, p]) => b.list(p, ps) %}
  | props %comma %name                       {% ([ps, , p]) => b.list(p, ps) %}

# + -  (left-associative)
expr -> expr %plus term                      {% ([l, op, r]) => b.binary(l, op, r) %}
  | expr %minus term                         {% ([l, op, r]) => b.binary(l, op, r) %}
  | term                                     {% id %}

# * / .* ./ ⊙ ⊗, and the `*` inserted in `2x`, `W x`, `xᵀAx` (parse.ts)  (left-associative)
term -> term %mulop unary                    {% ([l, op, r]) => b.binary(l, op, r) %}
  | unary                                    {% id %}

# -a, so -x^2 is -(x^2)
unary -> %minus unary                        {% ([m, a]) => b.negate(m, a) %}
  | power                                    {% id %}

# Postfix transposes and powers share one level and apply left to right (A^2' is (A^2)'), but
# the exponent swallows any further "^", so x^2^3 is x^(2^3). `power` may end in "^ exponent",
# `postfix` may not; only a `postfix` can take "^".
power -> postfix                             {% id %}
  | postfix %caret exponent                  {% ([base, c, e]) => b.power(base, e, c) %}

postfix -> atom                              {% id %}
  | power %transpose                         {% ([a, t]) => b.transpose(a, t) %}
  | power %sup                               {% ([a, s]) => b.superscript(a, s) %}

# s^-2, A^-1, s^(1/2), x^2^3: signs, then an atom, then maybe "^" and another exponent.
exponent -> %minus exponent                  {% ([m, a]) => b.negate(m, a) %}
  | atom                                     {% id %}
  | atom %caret exponent                     {% ([base, c, e]) => b.power(base, e, c) %}

# A "|" or "‖" opens after an operator or at the start and closes after an operand; no two
# operands are ever adjacent, so |a|*|b| has one parse.
atom -> %number                              {% ([t]) => b.num(t) %}
  | %name                                    {% ([t]) => b.name(t) %}
  | %name %lparen args %rparen               {% ([f, , as, close]) => b.call(f, as, close) %}
  | %lparen expr %rparen                     {% ([open, e, close]) => b.group(open, e, close) %}
  | %bar expr %bar                           {% ([open, e, close]) => b.bars(open, e, close) %}
  | %dbar expr %dbar                         {% ([open, e, close]) => b.norm(open, e, close) %}
  | %root atom                               {% ([r, a]) => b.root(r, a) %}

args -> expr                                 {% ([e]) => b.list(e) %}
  | args %comma expr                         {% ([as, , e]) => b.list(e, as) %}
