#!/usr/bin/env python3
# A copy of ../shared/corpus/mcalc_lang.py: the acceptance corpus's independent parser and
# evaluator of LANGUAGE.md, used by test/print to read mcalc's plain output the way the checker does.
"""Independent reference evaluator for the PLAIN mcalc language (LANGUAGE.md sections 1-2).

It parses programs (declarations, definitions, bare expressions / query calls) and evaluates
expressions NUMERICALLY with numpy.  It does no symbolic differentiation: it is the yardstick
used by verify_corpus.py to check references and engine output against finite differences.

Value conventions inside the evaluator
  * scalar            -> Python float
  * vector(n)         -> 2-D numpy array of shape (n, 1)   (a column)
  * a transposed vector -> shape (1, n)                     (a row)
  * matrix(r, c)      -> 2-D numpy array (r, c)
  * `I` without size  -> Eye(c), a lazy c*I whose size is taken from context
  Any 1 x 1 result is turned into a float at once (a 1 x 1 result is a scalar).
  `to_user()` converts a result to the public convention: vector -> 1-D (n,), row stays (1, n).

Public API
  parse_program(text)         -> list of Stmt
  parse_expr(text)            -> Node
  Program(text)               -> .decls, .defs, .dims, .queries ; .evaluate(expr, values, ...)
  size(expr_text)             -> number of leaves (occurrences of names and numbers)
  sample_values(program, rng, dims) -> dict of random values honouring properties
  to_numpy(expr_text, program, values) -> a numpy expression string (1-D vector convention)

Run `python3 mcalc_lang.py --selftest`.
"""
from __future__ import annotations

import math
import re
import sys

import numpy as np

# --------------------------------------------------------------------------------------------
# errors


class McalcError(Exception):
    """kind is one of: parse, name, shape, math, usage"""

    def __init__(self, kind, msg, pos=None):
        self.kind = kind
        self.msg = msg
        self.pos = pos
        where = "" if pos is None else "%d:%d: " % pos
        super().__init__("%s%s" % (where, msg))


# --------------------------------------------------------------------------------------------
# tokenizer

GREEK = ["alpha", "beta", "gamma", "delta", "epsilon", "zeta", "eta", "theta", "iota", "kappa",
         "lambda", "mu", "nu", "xi", "omicron", "pi", "rho", "sigma", "tau", "upsilon", "phi",
         "chi", "psi", "omega"]
_greek_lower = "αβγδεζηθικλμνξοπρστυφχψω"
_greek_upper = "ΑΒΓΔΕΖΗΘΙΚΛΜΝΞΟΠΡΣΤΥΦΧΨΩ"
GREEK_CHARS = {}
for _i, _nm in enumerate(GREEK):
    GREEK_CHARS[_greek_lower[_i]] = _nm
    GREEK_CHARS[_greek_upper[_i]] = _nm[0].upper() + _nm[1:]
GREEK_CHARS["ς"] = "sigma"
GREEK_CHARS["ϕ"] = "phi"
GREEK_CHARS["ϵ"] = "epsilon"

_NUM_RE = re.compile(r"(\d+(\.(?![*/^])\d*)?|\.\d+)([eE][+-]?\d+)?")
_NAME_RE = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")

# multi-char operators first
_OPS = [":=", ".*", "./", "⁻¹", "+", "-", "−", "*", "/", "'", "’", "^", "(", ")", ",", ";", ":",
        "|", "‖", "⊙", "⊗", "ᵀ", "·", "²", "³", "="]

FUNCS1 = {"inv", "det", "logdet", "tr", "norm", "diag", "sum", "exp", "log", "sqrt", "sin", "cos",
          "tanh", "sigmoid", "softplus", "abs", "d"}
FUNCS = FUNCS1 | {"kron", "I", "ones"}
QUERIES = {"grad", "jacobian", "hessian", "differential", "derivative", "simplify"}
ELEMENTWISE = {"exp", "log", "sqrt", "sin", "cos", "tanh", "sigmoid", "softplus", "abs"}
PROPERTIES = {"symmetric", "posdef", "diagonal", "orthogonal", "invertible"}


class Tok:
    __slots__ = ("kind", "text", "pos", "space_before")

    def __init__(self, kind, text, pos, space_before):
        self.kind = kind      # num, name, op, nl, eof
        self.text = text
        self.pos = pos        # (line, col), 1-based
        self.space_before = space_before

    def __repr__(self):
        return "Tok(%s,%r,%s)" % (self.kind, self.text, self.pos)


def tokenize(src):
    toks = []
    i, line, col0 = 0, 1, 0
    n = len(src)
    depth = 0
    space = True
    while i < n:
        c = src[i]
        pos = (line, i - col0 + 1)
        if c == "\n":
            if depth == 0:
                toks.append(Tok("nl", "\n", pos, space))
            i += 1
            line += 1
            col0 = i
            space = True
            continue
        if c in " \t\r\f\v\u00a0":
            i += 1
            space = True
            continue
        if c == "#":
            while i < n and src[i] != "\n":
                i += 1
            continue
        m = _NUM_RE.match(src, i)
        if m and (c.isdigit() or (c == "." and i + 1 < n and src[i + 1].isdigit())):
            toks.append(Tok("num", m.group(0), pos, space))
            i = m.end()
            space = False
            continue
        m = _NAME_RE.match(src, i)
        if m:
            toks.append(Tok("name", m.group(0), pos, space))
            i = m.end()
            space = False
            continue
        if c in GREEK_CHARS:
            toks.append(Tok("name", GREEK_CHARS[c], pos, space))
            i += 1
            space = False
            continue
        for op in _OPS:
            if src.startswith(op, i):
                t = {"−": "-", "’": "'", "·": "*"}.get(op, op)
                if t == "(":
                    depth += 1
                elif t == ")":
                    depth = max(0, depth - 1)
                elif t == ";" and depth == 0:
                    t = None
                    toks.append(Tok("nl", ";", pos, space))
                if t is not None:
                    toks.append(Tok("op", t, pos, space))
                i += len(op)
                space = False
                break
        else:
            raise McalcError("parse", "unexpected character %r" % c, pos)
    toks.append(Tok("eof", "", (line, n - col0 + 1), space))
    return toks


# --------------------------------------------------------------------------------------------
# AST


class Node:
    __slots__ = ("op", "args", "pos", "value")

    def __init__(self, op, args=(), pos=None, value=None):
        self.op = op          # num name neg add sub mul div hmul hdiv kron T inv pow call
        self.args = list(args)
        self.pos = pos
        self.value = value    # number value / name string / function name

    def __repr__(self):
        if self.op == "num":
            return "Num(%r)" % self.value
        if self.op == "name":
            return "Name(%s)" % self.value
        if self.op == "call":
            return "%s(%s)" % (self.value, ", ".join(map(repr, self.args)))
        return "%s(%s)" % (self.op, ", ".join(map(repr, self.args)))


class Stmt:
    def __init__(self, kind, pos, **kw):
        self.kind = kind      # decl, def, expr, query
        self.pos = pos
        self.__dict__.update(kw)

    def __repr__(self):
        return "Stmt(%s, %r)" % (self.kind, {k: v for k, v in self.__dict__.items() if k not in ("kind", "pos")})


class Parser:
    def __init__(self, text):
        self.toks = tokenize(text)
        self.i = 0

    # helpers
    def peek(self, k=0):
        return self.toks[min(self.i + k, len(self.toks) - 1)]

    def next(self):
        t = self.toks[self.i]
        if self.i < len(self.toks) - 1:
            self.i += 1
        return t

    def at_op(self, *ops):
        t = self.peek()
        return t.kind == "op" and t.text in ops

    def expect_op(self, op, what="expression"):
        t = self.peek()
        if t.kind == "op" and t.text == op:
            return self.next()
        raise McalcError("parse", "unexpected %s; expected %r" % (_desc(t), op), t.pos)

    # program
    def program(self):
        stmts = []
        while True:
            while self.peek().kind == "nl":
                self.next()
            if self.peek().kind == "eof":
                break
            stmts.append(self.statement())
            t = self.peek()
            if t.kind not in ("nl", "eof"):
                raise McalcError("parse", "unexpected %s; expected end of statement" % _desc(t), t.pos)
        return stmts

    def statement(self):
        t = self.peek()
        if t.kind == "op" and t.text == ":":
            raise McalcError("usage", "REPL commands (%s...) are not allowed in a program" % ":", t.pos)
        if t.kind == "name":
            # declaration?  NAME (, NAME)* :
            j = 0
            names = []
            while True:
                tj = self.peek(j)
                if tj.kind != "name":
                    break
                names.append(tj)
                nx = self.peek(j + 1)
                if nx.kind == "op" and nx.text == ",":
                    j += 2
                    continue
                if nx.kind == "op" and nx.text == ":":
                    return self.declaration(len(names))
                break
            nx = self.peek(1)
            if nx.kind == "op" and nx.text == ":=":
                self.next()
                self.next()
                body = self.expr()
                return Stmt("def", t.pos, name=t.text, body=body)
        e = self.expr()
        if e.op == "call" and e.value in QUERIES:
            return Stmt("query", t.pos, name=e.value, args=e.args, node=e)
        return Stmt("expr", t.pos, node=e)

    def declaration(self, count):
        names = []
        pos = self.peek().pos
        for _ in range(count):
            names.append(self.next().text)
            if self.at_op(","):
                self.next()
        self.expect_op(":")
        t = self.next()
        if t.kind != "name" or t.text not in ("scalar", "vector", "matrix"):
            raise McalcError("parse", "unexpected %s; expected a type (scalar, vector(d), matrix(r, c))" % _desc(t), t.pos)
        if t.text == "scalar":
            shape = ()
        else:
            self.expect_op("(")
            dims = [self.dim()]
            while self.at_op(","):
                self.next()
                dims.append(self.dim())
            self.expect_op(")")
            if t.text == "vector" and len(dims) != 1:
                raise McalcError("parse", "vector takes one dimension", t.pos)
            if t.text == "matrix" and len(dims) != 2:
                raise McalcError("parse", "matrix takes two dimensions", t.pos)
            shape = tuple(dims) if t.text == "matrix" else (dims[0],)
        props = set()
        while True:
            p = self.peek()
            if p.kind == "op" and p.text == ",":
                self.next()
                continue
            if p.kind != "name":
                break
            if p.text not in PROPERTIES:
                raise McalcError("parse", "unknown property %r" % p.text, p.pos)
            props.add(self.next().text)
        if "posdef" in props:
            props |= {"symmetric", "invertible"}
        if "orthogonal" in props:
            props.add("invertible")
        return Stmt("decl", pos, names=names, typ=t.text, shape=shape, props=props)

    def dim(self):
        t = self.next()
        if t.kind == "name":
            return t.text
        if t.kind == "num" and re.fullmatch(r"\d+", t.text) and int(t.text) > 0:
            return int(t.text)
        raise McalcError("parse", "unexpected %s; expected a dimension (a name or a positive integer)" % _desc(t), t.pos)

    # expressions
    def expr(self):
        left = self.mult()
        while self.at_op("+", "-"):
            t = self.next()
            right = self.mult()
            left = Node("add" if t.text == "+" else "sub", [left, right], t.pos)
        return left

    _MUL = {"*": "mul", "/": "div", ".*": "hmul", "./": "hdiv", "⊙": "hmul", "⊗": "kron"}

    def mult(self):
        left = self.unary()
        while True:
            t = self.peek()
            if t.kind == "op" and t.text in self._MUL:
                self.next()
                right = self.unary()
                left = Node(self._MUL[t.text], [left, right], t.pos)
            elif t.kind in ("num", "name") or (t.kind == "op" and t.text in ("(",)):
                # juxtaposition: 2x, W x
                right = self.unary()
                left = Node("mul", [left, right], t.pos)
            else:
                return left

    def unary(self):
        t = self.peek()
        if t.kind == "op" and t.text == "-":
            self.next()
            return Node("neg", [self.unary()], t.pos)
        if t.kind == "op" and t.text == "+":
            self.next()
            return self.unary()
        return self.postfix()

    def postfix(self):
        e = self.primary()
        while True:
            t = self.peek()
            if t.kind != "op":
                return e
            if t.text in ("'", "ᵀ"):
                self.next()
                e = Node("T", [e], t.pos)
            elif t.text == "⁻¹":
                self.next()
                e = Node("inv", [e], t.pos)
            elif t.text in ("²", "³"):
                self.next()
                e = Node("pow", [e, Node("num", [], t.pos, 2.0 if t.text == "²" else 3.0)], t.pos)
            elif t.text == "^":
                self.next()
                nt = self.peek()
                if nt.kind == "name" and nt.text == "T":
                    self.next()
                    e = Node("T", [e], t.pos)
                    continue
                ex = self.exponent()
                if ex.op == "neg" and ex.args[0].op == "num" and ex.args[0].value == 1.0:
                    e = Node("inv", [e], t.pos)
                else:
                    e = Node("pow", [e, ex], t.pos)
            else:
                return e

    def exponent(self):
        t = self.peek()
        if t.kind == "op" and t.text == "-":
            self.next()
            return Node("neg", [self.exponent()], t.pos)
        if t.kind == "op" and t.text == "+":
            self.next()
            return self.exponent()
        base = self.primary()
        if self.at_op("^"):
            pt = self.next()
            return Node("pow", [base, self.exponent()], pt.pos)
        return base

    def primary(self):
        t = self.next()
        if t.kind == "num":
            try:
                v = float(t.text)
            except ValueError:
                raise McalcError("parse", "bad number %r" % t.text, t.pos)
            return Node("num", [], t.pos, v)
        if t.kind == "name":
            if self.at_op("(") and not self.peek().space_before or (self.at_op("(") and t.text in FUNCS | QUERIES):
                if t.text not in FUNCS and t.text not in QUERIES:
                    raise McalcError("name", "unknown function %r" % t.text, t.pos)
                self.next()
                args = []
                if not self.at_op(")"):
                    args.append(self.expr())
                    while self.at_op(","):
                        self.next()
                        args.append(self.expr())
                self.expect_op(")")
                return Node("call", args, t.pos, t.text)
            return Node("name", [], t.pos, t.text)
        if t.kind == "op" and t.text == "(":
            e = self.expr()
            self.expect_op(")")
            return e
        if t.kind == "op" and t.text == "|":
            e = self.expr()
            self.expect_op("|")
            return Node("call", [e], t.pos, "det")
        if t.kind == "op" and t.text == "‖":
            e = self.expr()
            self.expect_op("‖")
            return Node("call", [e], t.pos, "norm")
        raise McalcError("parse", "unexpected %s; expected an expression" % _desc(t), t.pos)


def _desc(t):
    if t.kind == "eof":
        return "end of input"
    if t.kind == "nl":
        return "end of line"
    return '"%s"' % t.text


sys.setrecursionlimit(max(sys.getrecursionlimit(), 60000))


def parse_program(text):
    try:
        return Parser(text).program()
    except RecursionError:
        raise McalcError("parse", "expression nested too deeply")


def parse_expr(text):
    try:
        return _parse_expr(text)
    except RecursionError:
        raise McalcError("parse", "expression nested too deeply")


def _parse_expr(text):
    p = Parser(text)
    while p.peek().kind == "nl":
        p.next()
    e = p.expr()
    while p.peek().kind == "nl":
        p.next()
    t = p.peek()
    if t.kind != "eof":
        raise McalcError("parse", "unexpected %s after the expression" % _desc(t), t.pos)
    return e


# --------------------------------------------------------------------------------------------
# size metric


def node_size(node):
    """Number of leaves: occurrences of names and numbers.  I, I(n), ones(n) and d(X) count 1.
    Iterative, so deep expressions do not overflow the Python stack."""
    count = 0
    stack = [node]
    while stack:
        nd = stack.pop()
        if nd.op in ("num", "name"):
            count += 1
        elif nd.op == "call" and nd.value in ("I", "ones", "d"):
            count += 1
        else:
            stack.extend(nd.args)
    return count


def size(expr_text):
    return node_size(parse_expr(expr_text))


# --------------------------------------------------------------------------------------------
# numeric evaluation


class Eye:
    """c * I with the size taken from context."""
    __slots__ = ("c",)

    def __init__(self, c):
        self.c = float(c)

    def full(self, n):
        return self.c * np.eye(n)

    def __repr__(self):
        return "Eye(%g)" % self.c


def _is_scalar(v):
    return isinstance(v, float)


def _norm_val(v):
    if isinstance(v, np.ndarray):
        if v.ndim == 0:
            return float(v)
        if v.ndim == 1:
            v = v.reshape(-1, 1)
        if v.shape == (1, 1):
            return float(v[0, 0])
        return v
    if isinstance(v, (int, float, np.floating, np.integer)):
        return float(v)
    return v


def _shape(v):
    if _is_scalar(v):
        return ()
    if isinstance(v, Eye):
        return ("?",)
    return v.shape


def _sh(v):
    if _is_scalar(v):
        return "scalar"
    if isinstance(v, Eye):
        return "I"
    return "%d x %d" % v.shape


class Program:
    """A parsed program: declarations, definitions and queries (in order)."""

    def __init__(self, text):
        self.text = text
        self.stmts = parse_program(text)
        self.decls = {}      # name -> (typ, shape, props)
        self.defs = {}       # name -> Node
        self.def_order = []
        self.queries = []
        self.exprs = []
        self.dim_names = []
        for s in self.stmts:
            if s.kind == "decl":
                for nm in s.names:
                    if nm == "I":
                        raise McalcError("name", "%r is a reserved name" % nm, s.pos)
                    if nm in self.decls and self.decls[nm] != (s.typ, s.shape, s.props):
                        raise McalcError("name", "%r is declared twice with different types" % nm, s.pos)
                    if nm in self.defs:
                        raise McalcError("name", "%r is already defined" % nm, s.pos)
                    self.decls[nm] = (s.typ, s.shape, frozenset(s.props))
                    for d in s.shape:
                        if isinstance(d, str) and d not in self.dim_names:
                            self.dim_names.append(d)
            elif s.kind == "def":
                if s.name in self.decls:
                    raise McalcError("name", "%r is already declared" % s.name, s.pos)
                self.defs[s.name] = s.body
                if s.name not in self.def_order:
                    self.def_order.append(s.name)
            elif s.kind == "query":
                self.queries.append(s)
            else:
                self.exprs.append(s)

    # ----------------------------------------------------------------------------------------
    def dims_sizes(self, dims=None):
        """default sizes: n=4, m=3, p=5, k=2, q=6, others distinct from 3..7 (then 8, 9, ...)"""
        out = dict(DEFAULT_DIMS)
        if dims:
            out.update(dims)
        used = set(out[d] for d in self.dim_names if d in out)
        for d in self.dim_names:
            if d not in out:
                for cand in list(range(3, 8)) + list(range(8, 40)):
                    if cand not in used:
                        out[d] = cand
                        used.add(cand)
                        break
        return {d: out[d] for d in self.dim_names} | {k: v for k, v in out.items() if k not in self.dim_names}

    def dim_value(self, d, dims):
        if isinstance(d, int):
            return d
        return dims[d]

    def shape_of(self, name, dims):
        typ, shape, _ = self.decls[name]
        if typ == "scalar":
            return ()
        if typ == "vector":
            return (self.dim_value(shape[0], dims),)
        return (self.dim_value(shape[0], dims), self.dim_value(shape[1], dims))

    # ----------------------------------------------------------------------------------------
    def evaluate(self, expr, values, dims=None, directions=None, record=None, want_shape=None):
        """Evaluate expr (text or Node) with values {name: float | 1-D | 2-D array}.
        directions: {name: array} for d(name).  Returns the value in the internal convention
        (float, (n,1), (1,n), (r,c)); use to_user() for the public convention."""
        node = parse_expr(expr) if isinstance(expr, str) else expr
        ev = Evaluator(self, values, self.dims_sizes(dims), directions, record)
        v = ev.eval(node)
        if isinstance(v, Eye):
            if want_shape is not None and len(want_shape) == 2 and want_shape[0] == want_shape[1]:
                v = v.full(want_shape[0])
            else:
                raise McalcError("shape", "cannot infer the size of I")
        return v


DEFAULT_DIMS = {"n": 4, "m": 3, "p": 5, "k": 2, "q": 6}


def to_user(v):
    """internal -> public convention: float, 1-D (n,) for columns, 2-D otherwise."""
    if _is_scalar(v):
        return v
    if isinstance(v, np.ndarray) and v.ndim == 2 and v.shape[1] == 1:
        return v[:, 0].copy()
    return v


class Evaluator:
    def __init__(self, prog, values, dims, directions, record):
        self.prog = prog
        self.dims = dims
        self.record = record
        self.env = {}
        self.defcache = {}
        self.active = set()
        for nm, val in values.items():
            self.env[nm] = _norm_val(np.asarray(val, dtype=float) if not isinstance(val, float) else val)
        self.dirs = {}
        for nm, val in (directions or {}).items():
            self.dirs[nm] = _norm_val(np.asarray(val, dtype=float) if not isinstance(val, float) else val)

    def err(self, kind, msg, node):
        return McalcError(kind, msg, node.pos if node is not None else None)

    def lookup(self, name, node):
        if name in self.prog.decls:
            if name not in self.env:
                raise self.err("name", "no value given for %r" % name, node)
            return self.env[name]
        if name in self.prog.defs:
            if name in self.defcache:
                return self.defcache[name]
            if name in self.active:
                raise self.err("name", "definition %r refers to itself" % name, node)
            self.active.add(name)
            v = self.eval(self.prog.defs[name])
            self.active.discard(name)
            self.defcache[name] = v
            return v
        if name == "I":
            return Eye(1.0)
        if name in self.dims:
            return float(self.dims[name])
        raise self.err("name", "unknown name %r" % name, node)

    def eval(self, node):
        # iterative guard for very deep trees: rely on recursion limit but convert to a clean error
        try:
            v = self._eval(node)
        except RecursionError:
            raise McalcError("parse", "expression nested too deeply")
        if self.record is not None:
            self.record[id(node)] = v
        return v

    def _eval(self, nd):
        op = nd.op
        if op == "num":
            if not math.isfinite(nd.value):
                raise self.err("math", "number out of range", nd)
            return float(nd.value)
        if op == "name":
            return self.lookup(nd.value, nd)
        if op == "neg":
            return self.scale(-1.0, self.eval(nd.args[0]))
        if op in ("add", "sub"):
            a = self.eval(nd.args[0])
            b = self.eval(nd.args[1])
            if op == "sub":
                b = self.scale(-1.0, b)
            return self.add(a, b, nd)
        if op == "mul":
            return self.mul(self.eval(nd.args[0]), self.eval(nd.args[1]), nd)
        if op == "div":
            a = self.eval(nd.args[0])
            b = self.eval(nd.args[1])
            if not _is_scalar(b):
                raise self.err("shape", "can only divide by a scalar, not %s" % _sh(b), nd)
            return self.scale(1.0 / b, a) if b != 0 else self.scale(math.inf, a)
        if op in ("hmul", "hdiv"):
            return self.elementwise2(op, self.eval(nd.args[0]), self.eval(nd.args[1]), nd)
        if op == "kron":
            return self.kron(self.eval(nd.args[0]), self.eval(nd.args[1]), nd)
        if op == "T":
            a = self.eval(nd.args[0])
            if _is_scalar(a) or isinstance(a, Eye):
                return a
            return a.T.copy()
        if op == "inv":
            return self.inv(self.eval(nd.args[0]), nd)
        if op == "pow":
            return self.power(self.eval(nd.args[0]), self.eval(nd.args[1]), nd)
        if op == "call":
            return self.call(nd)
        raise self.err("parse", "unknown node %s" % op, nd)

    # -- helpers ------------------------------------------------------------------------------
    @staticmethod
    def scale(s, a):
        if _is_scalar(a):
            return s * a
        if isinstance(a, Eye):
            return Eye(s * a.c)
        return s * a

    def add(self, a, b, nd):
        if _is_scalar(a) and _is_scalar(b):
            return a + b
        if isinstance(a, Eye) and isinstance(b, Eye):
            return Eye(a.c + b.c)
        if _is_scalar(a) and a == 0.0:
            return b
        if _is_scalar(b) and b == 0.0:
            return a
        if isinstance(a, Eye) and isinstance(b, np.ndarray):
            a = self.eye_like(a, b, nd)
        if isinstance(b, Eye) and isinstance(a, np.ndarray):
            b = self.eye_like(b, a, nd)
        if _is_scalar(a) or _is_scalar(b) or isinstance(a, Eye) or isinstance(b, Eye) or a.shape != b.shape:
            raise self.err("shape", "cannot add %s and %s" % (_sh(a), _sh(b)), nd)
        return a + b

    def eye_like(self, e, m, nd):
        if m.shape[0] != m.shape[1]:
            raise self.err("shape", "I cannot match a %s matrix" % _sh(m), nd)
        return e.full(m.shape[0])

    def mul(self, a, b, nd):
        if _is_scalar(a):
            return self.scale(a, b)
        if _is_scalar(b):
            return self.scale(b, a)
        if isinstance(a, Eye):
            if isinstance(b, Eye):
                return Eye(a.c * b.c)
            return self.scale(a.c, b)
        if isinstance(b, Eye):
            return self.scale(b.c, a)
        if a.shape[1] != b.shape[0]:
            raise self.err("shape", "cannot multiply %s by %s: inner dimensions %d and %d differ"
                           % (_sh(a), _sh(b), a.shape[1], b.shape[0]), nd)
        return _norm_val(a @ b)

    def elementwise2(self, op, a, b, nd):
        if isinstance(a, Eye) and isinstance(b, np.ndarray):
            a = self.eye_like(a, b, nd)
        if isinstance(b, Eye) and isinstance(a, np.ndarray):
            b = self.eye_like(b, a, nd)
        if isinstance(a, Eye) or isinstance(b, Eye):
            raise self.err("shape", "cannot infer the size of I", nd)
        # a scalar may scale elementwise (MATLAB-like); arrays must agree
        if not _is_scalar(a) and not _is_scalar(b) and a.shape != b.shape:
            raise self.err("shape", "elementwise operands %s and %s differ" % (_sh(a), _sh(b)), nd)
        with np.errstate(all="ignore"):
            r = a * b if op == "hmul" else a / b
        return _norm_val(r) if not _is_scalar(r) else float(r)

    def kron(self, a, b, nd):
        if isinstance(a, Eye) or isinstance(b, Eye):
            raise self.err("shape", "kron needs the size of I: write I(n)", nd)
        if _is_scalar(a) or _is_scalar(b):
            return self.mul(a, b, nd)
        return _norm_val(np.kron(a, b))

    def inv(self, a, nd):
        if _is_scalar(a):
            if a == 0.0:
                raise self.err("math", "division by zero", nd)
            return 1.0 / a
        if isinstance(a, Eye):
            return Eye(1.0 / a.c)
        if a.shape[0] != a.shape[1]:
            raise self.err("shape", "inv of a non-square %s matrix" % _sh(a), nd)
        return np.linalg.inv(a)

    def power(self, a, p, nd):
        if not _is_scalar(p):
            raise self.err("shape", "the exponent must be a scalar", nd)
        if _is_scalar(a):
            with np.errstate(all="ignore"):
                return float(np.float64(a) ** p)
        if p != int(p):
            raise self.err("math", "a matrix power needs an integer exponent", nd)
        if isinstance(a, Eye):
            return Eye(a.c ** p)
        if a.shape[0] != a.shape[1]:
            raise self.err("shape", "power of a non-square %s" % _sh(a), nd)
        return np.linalg.matrix_power(a, int(p))

    def square(self, a, what, nd):
        if isinstance(a, Eye):
            raise self.err("shape", "%s needs the size of I: write I(n)" % what, nd)
        if _is_scalar(a):
            return None
        if a.shape[0] != a.shape[1]:
            raise self.err("shape", "%s of a non-square %s matrix" % (what, _sh(a)), nd)
        return a

    def call(self, nd):
        f = nd.value
        args = nd.args
        if f in QUERIES:
            raise self.err("usage", "%s cannot be evaluated numerically here" % f, nd)
        if f == "I":
            if len(args) != 1:
                raise self.err("parse", "I(n) takes one dimension", nd)
            return np.eye(self.dimarg(args[0]))
        if f == "ones":
            if len(args) == 1:
                return np.ones((self.dimarg(args[0]), 1))
            if len(args) == 2:
                return _norm_val(np.ones((self.dimarg(args[0]), self.dimarg(args[1]))))
            raise self.err("parse", "ones takes one or two dimensions", nd)
        if f == "d":
            if len(args) != 1 or args[0].op != "name":
                raise self.err("parse", "d(...) takes a variable name", nd)
            nm = args[0].value
            if nm not in self.dirs:
                raise self.err("name", "no direction given for d(%s)" % nm, nd)
            return self.dirs[nm]
        if f == "kron":
            if len(args) != 2:
                raise self.err("parse", "kron takes two arguments", nd)
            return self.kron(self.eval(args[0]), self.eval(args[1]), nd)
        if len(args) != 1:
            raise self.err("parse", "%s takes one argument" % f, nd)
        a = self.eval(args[0])
        if f == "inv":
            return self.inv(a, nd)
        if f in ("det", "logdet"):
            m = self.square(a, f, nd)
            v = a if m is None else float(np.linalg.det(m))
            if f == "det":
                return v
            with np.errstate(all="ignore"):
                return float(np.log(v))
        if f == "tr":
            m = self.square(a, f, nd)
            return a if m is None else float(np.trace(m))
        if f == "norm":
            if isinstance(a, Eye):
                raise self.err("shape", "norm needs the size of I", nd)
            return abs(a) if _is_scalar(a) else float(np.sqrt(np.sum(a * a)))
        if f == "sum":
            if isinstance(a, Eye):
                raise self.err("shape", "sum needs the size of I", nd)
            return a if _is_scalar(a) else float(np.sum(a))
        if f == "diag":
            if isinstance(a, Eye):
                raise self.err("shape", "diag needs the size of I", nd)
            if _is_scalar(a):
                return a
            if a.shape[1] == 1 or a.shape[0] == 1:
                return np.diag(a.reshape(-1))
            if a.shape[0] != a.shape[1]:
                raise self.err("shape", "diag of a non-square %s matrix" % _sh(a), nd)
            return np.diag(a).reshape(-1, 1).copy()
        if f in ELEMENTWISE:
            if isinstance(a, Eye):
                raise self.err("shape", "%s needs the size of I" % f, nd)
            with np.errstate(all="ignore"):
                r = ELEMFUNCS[f](np.asarray(a, dtype=float))
            return float(r) if _is_scalar(a) else _norm_val(r)
        raise self.err("name", "unknown function %r" % f, nd)

    def dimarg(self, node):
        if node.op == "num" and node.value == int(node.value) and node.value > 0:
            return int(node.value)
        if node.op == "name" and node.value in self.dims:
            return int(self.dims[node.value])
        raise McalcError("parse", "expected a dimension", node.pos)


def _sigmoid(z):
    return np.where(z >= 0, 1.0 / (1.0 + np.exp(-np.abs(z))), np.exp(-np.abs(z)) / (1.0 + np.exp(-np.abs(z))))


ELEMFUNCS = {
    "exp": np.exp, "log": np.log, "sqrt": np.sqrt, "sin": np.sin, "cos": np.cos, "tanh": np.tanh,
    "sigmoid": _sigmoid, "softplus": lambda z: np.logaddexp(0.0, z), "abs": np.abs,
}


# --------------------------------------------------------------------------------------------
# random values honouring declared properties


def sample_matrix(rng, r, c, props):
    if props and r != c:
        raise McalcError("shape", "properties need a square matrix")
    if "diagonal" in props:
        if "orthogonal" in props:
            return np.diag(rng.choice([-1.0, 1.0], size=r))
        return np.diag(rng.uniform(0.5, 1.5, size=r))
    if "orthogonal" in props:
        q, rr = np.linalg.qr(rng.uniform(0.5, 1.5, size=(r, r)) - 1.0)
        return q * np.sign(np.diag(rr))
    b = rng.uniform(0.5, 1.5, size=(r, c))
    if "posdef" in props:
        return b @ b.T + r * np.eye(r)
    if "symmetric" in props:
        s = (b + b.T) / 2
        if "invertible" in props:
            s = s + r * np.eye(r)
        return s
    if "invertible" in props:
        return b + r * np.eye(r)
    return b


def sample_values(prog, rng, dims=None):
    dims = prog.dims_sizes(dims)
    vals = {}
    for nm, (typ, shape, props) in prog.decls.items():
        if typ == "scalar":
            vals[nm] = float(rng.uniform(0.5, 1.5))
        elif typ == "vector":
            vals[nm] = rng.uniform(0.5, 1.5, size=prog.dim_value(shape[0], dims))
        else:
            vals[nm] = sample_matrix(rng, prog.dim_value(shape[0], dims), prog.dim_value(shape[1], dims), props)
    return vals


def sample_direction(prog, name, rng, values, dims=None):
    """a random direction for variable `name` that respects its structure"""
    dims = prog.dims_sizes(dims)
    typ, shape, props = prog.decls[name]
    if typ == "scalar":
        return float(rng.uniform(-1, 1))
    if typ == "vector":
        return rng.uniform(-1, 1, size=prog.dim_value(shape[0], dims))
    r, c = prog.dim_value(shape[0], dims), prog.dim_value(shape[1], dims)
    v = rng.uniform(-1, 1, size=(r, c))
    if "diagonal" in props:
        return np.diag(np.diag(v))
    if "orthogonal" in props:
        return values[name] @ (v - v.T)
    if "symmetric" in props:
        return (v + v.T) / 2
    return v


# --------------------------------------------------------------------------------------------
# translation to a numpy expression (public 1-D vector convention).  Used by the mock engine
# and as an executable description of the `numpy` field convention.


def to_numpy(expr, prog, values, want_shape=None, dims=None, dir_names=None):
    """Return a numpy expression string over declared names (definitions inlined) that
    evaluates to `expr`.  Vectors are 1-D.  d(X) is written as the name dX (see dir_names)."""
    node = parse_expr(expr) if isinstance(expr, str) else expr
    rec = {}
    dims_s = prog.dims_sizes(dims)
    directions = {}
    for nm in prog.decls:
        directions[nm] = values[nm]
    prog.evaluate(node, values, dims, directions=directions, record=rec, want_shape=want_shape)
    # definitions are recorded under their own nodes when first evaluated
    tr = _NumpyTranslator(prog, rec, dims_s, dir_names or {})
    code, kind = tr.tr(node, None)
    if kind == "eye":
        if want_shape is None:
            raise McalcError("shape", "cannot infer the size of I")
        code = "(%s) * np.eye(%d)" % (code, want_shape[0])
        kind = "mat"
    if kind == "col":
        code = "(%s).reshape(-1)" % code
    return code


class _NumpyTranslator:
    """Internal: emits 2-D column-convention code, decides * vs @ from recorded values."""

    def __init__(self, prog, rec, dims, dir_names):
        self.prog, self.rec, self.dims, self.dir_names = prog, rec, dims, dir_names

    def kind(self, node):
        v = self.rec.get(id(node))
        if v is None and node.op == "name" and node.value in self.prog.defs:
            v = self.rec.get(id(self.prog.defs[node.value]))
        if isinstance(v, Eye):
            return "eye"
        if _is_scalar(v):
            return "scalar"
        if v is None:
            raise McalcError("shape", "internal: unrecorded node %r" % node)
        if v.shape[1] == 1:
            return "col"
        if v.shape[0] == 1:
            return "row"
        return "mat"

    def shape(self, node):
        v = self.rec.get(id(node))
        if v is None and node.op == "name" and node.value in self.prog.defs:
            v = self.rec.get(id(self.prog.defs[node.value]))
        return None if _is_scalar(v) or isinstance(v, Eye) else v.shape

    def full(self, node, n):
        """code for node as an array; eye-valued nodes materialised with size n"""
        code, k = self.tr(node, n)
        if k == "eye":
            return "(%s) * np.eye(%d)" % (code, n)
        return code

    def tr(self, nd, eye_n):
        """returns (code, kind) where vectors are 2-D columns/rows and 'eye' code is the
        coefficient (a scalar expression) of I"""
        op = nd.op
        k = self.kind(nd)
        if op == "num":
            return repr(float(nd.value)), "scalar"
        if op == "name":
            nm = nd.value
            if nm in self.prog.defs:
                return self.tr(self.prog.defs[nm], eye_n)
            if nm == "I":
                return "1.0", "eye"
            if nm in self.prog.decls:
                typ = self.prog.decls[nm][0]
                if typ == "vector":
                    return "np.reshape(%s, (-1, 1))" % nm, "col"
                if typ == "scalar":
                    return "float(%s)" % nm, "scalar"
                return nm, "mat"
            return repr(float(self.dims[nm])), "scalar"
        if k == "eye":
            # subtree whose value is c*I: translate coefficient only
            return self.eye_coef(nd), "eye"
        if op == "neg":
            c, _ = self.tr(nd.args[0], eye_n)
            return "(-(%s))" % c, k
        if op in ("add", "sub"):
            a, b = nd.args
            ka, kb = self.kind(a), self.kind(b)
            n = (self.shape(nd) or (None,))[0]
            ca = self.full(a, n) if ka == "eye" else self.tr(a, None)[0]
            cb = self.full(b, n) if kb == "eye" else self.tr(b, None)[0]
            if ka == "scalar" and k != "scalar":   # literal 0 + array
                return cb if op == "add" else "(-(%s))" % cb, k
            if kb == "scalar" and k != "scalar":
                return ca, k
            return "(%s %s %s)" % (ca, "+" if op == "add" else "-", cb), k
        if op == "mul":
            a, b = nd.args
            ka, kb = self.kind(a), self.kind(b)
            if ka == "eye":
                ca = self.eye_coef(a)
                cb = self.tr(b, None)[0]
                return "((%s) * %s)" % (ca, cb), k
            if kb == "eye":
                cb = self.eye_coef(b)
                ca = self.tr(a, None)[0]
                return "(%s * (%s))" % (ca, cb), k
            ca, cb = self.tr(a, None)[0], self.tr(b, None)[0]
            if ka == "scalar" or kb == "scalar":
                return "(%s * %s)" % (ca, cb), k
            if k == "scalar":
                return "float((%s @ %s)[0, 0])" % (ca, cb), k
            return "(%s @ %s)" % (ca, cb), k
        if op == "div":
            ca = self.tr(nd.args[0], None)[0]
            cb = self.tr(nd.args[1], None)[0]
            return "(%s / %s)" % (ca, cb), k
        if op in ("hmul", "hdiv"):
            a, b = nd.args
            sh = self.shape(nd)
            n = sh[0] if sh else None
            ca = self.full(a, n) if self.kind(a) == "eye" else self.tr(a, None)[0]
            cb = self.full(b, n) if self.kind(b) == "eye" else self.tr(b, None)[0]
            r = "(%s %s %s)" % (ca, "*" if op == "hmul" else "/", cb)
            return ("float(%s)" % r if k == "scalar" else r), k
        if op == "kron":
            ca = self.tr(nd.args[0], None)[0]
            cb = self.tr(nd.args[1], None)[0]
            return "np.kron(%s, %s)" % (ca, cb), k
        if op == "T":
            c, ka = self.tr(nd.args[0], None)
            if ka == "scalar":
                return c, k
            return "(%s).T" % c, k
        if op == "inv":
            c, ka = self.tr(nd.args[0], None)
            if ka == "scalar":
                return "(1.0 / %s)" % c, k
            return "np.linalg.inv(%s)" % c, k
        if op == "pow":
            c, ka = self.tr(nd.args[0], None)
            p, _ = self.tr(nd.args[1], None)
            if ka == "scalar":
                return "(%s ** %s)" % (c, p), k
            return "np.linalg.matrix_power(%s, int(%s))" % (c, p), k
        if op == "call":
            f = nd.value
            if f == "I":
                return "np.eye(%d)" % self.rec[id(nd)].shape[0], "mat"
            if f == "ones":
                v = self.rec[id(nd)]
                return "np.ones(%r)" % (v.shape,) if not _is_scalar(v) else "1.0", k
            if f == "d":
                nm = nd.args[0].value
                alias = self.dir_names.get(nm, "d" + nm)
                typ = self.prog.decls[nm][0]
                if typ == "vector":
                    return "np.reshape(%s, (-1, 1))" % alias, "col"
                return alias, k
            if f == "kron":
                return "np.kron(%s, %s)" % (self.tr(nd.args[0], None)[0], self.tr(nd.args[1], None)[0]), k
            c, ka = self.tr(nd.args[0], None)
            if f == "inv":
                return ("(1.0 / %s)" % c if ka == "scalar" else "np.linalg.inv(%s)" % c), k
            if f == "det":
                return (c if ka == "scalar" else "float(np.linalg.det(%s))" % c), k
            if f == "logdet":
                return ("np.log(%s)" % c if ka == "scalar" else "float(np.log(np.linalg.det(%s)))" % c), k
            if f == "tr":
                return (c if ka == "scalar" else "float(np.trace(%s))" % c), k
            if f == "norm":
                return ("abs(%s)" % c if ka == "scalar" else "float(np.linalg.norm(%s))" % c), k
            if f == "sum":
                return (c if ka == "scalar" else "float(np.sum(%s))" % c), k
            if f == "diag":
                if ka in ("col", "row"):
                    return "np.diag(np.reshape(%s, -1))" % c, k
                if ka == "scalar":
                    return c, k
                return "np.reshape(np.diag(%s), (-1, 1))" % c, k
            fmap = {"exp": "np.exp(%s)", "log": "np.log(%s)", "sqrt": "np.sqrt(%s)", "sin": "np.sin(%s)",
                    "cos": "np.cos(%s)", "tanh": "np.tanh(%s)", "abs": "np.abs(%s)",
                    "sigmoid": "(1.0 / (1.0 + np.exp(-(%s))))", "softplus": "np.logaddexp(0.0, %s)"}
            r = fmap[f] % c
            return ("float(%s)" % r if k == "scalar" else r), k
        raise McalcError("parse", "cannot translate %s" % op)

    def eye_coef(self, nd):
        """scalar code for the coefficient of an Eye-valued node"""
        op = nd.op
        if op == "name":
            if nd.value == "I":
                return "1.0"
            return self.eye_coef(self.prog.defs[nd.value])
        if op == "neg":
            return "(-(%s))" % self.eye_coef(nd.args[0])
        if op in ("add", "sub"):
            a, b = nd.args
            ca = self.eye_coef(a) if self.kind(a) == "eye" else "0.0"
            cb = self.eye_coef(b) if self.kind(b) == "eye" else "0.0"
            return "(%s %s %s)" % (ca, "+" if op == "add" else "-", cb)
        if op == "mul":
            a, b = nd.args
            ca = self.eye_coef(a) if self.kind(a) == "eye" else self.tr(a, None)[0]
            cb = self.eye_coef(b) if self.kind(b) == "eye" else self.tr(b, None)[0]
            return "(%s * %s)" % (ca, cb)
        if op == "div":
            return "(%s / %s)" % (self.eye_coef(nd.args[0]), self.tr(nd.args[1], None)[0])
        if op == "T":
            return self.eye_coef(nd.args[0])
        if op == "inv" or (op == "call" and nd.value == "inv"):
            return "(1.0 / %s)" % self.eye_coef(nd.args[0])
        if op == "pow":
            return "(%s ** %s)" % (self.eye_coef(nd.args[0]), self.tr(nd.args[1], None)[0])
        raise McalcError("shape", "cannot translate I in %s" % op)


# --------------------------------------------------------------------------------------------
# self test


def _selftest():
    import numpy.testing as npt
    rng = np.random.default_rng(0)
    prog = Program("x, y : vector(n)\nW : matrix(m, n)\nalpha, beta, D : scalar\n"
                   "A : matrix(n, n) symmetric\nK := alpha*x*x' + inv(beta)*I\n"
                   "h := -D/2*log(det(K)) - 1/2*tr(inv(K)*y*y')")
    assert prog.dims_sizes() == {"n": 4, "m": 3, "p": 5, "k": 2, "q": 6}
    vals = sample_values(prog, rng)
    x, y, W, A = vals["x"], vals["y"], vals["W"], vals["A"]
    al, be, D = vals["alpha"], vals["beta"], vals["D"]
    assert np.allclose(A, A.T)
    ev = lambda e, **kw: to_user(prog.evaluate(e, vals, **kw))
    npt.assert_allclose(ev("x*y'"), np.outer(x, y))
    assert isinstance(ev("x'*y"), float) and abs(ev("x'*y") - x @ y) < 1e-12
    npt.assert_allclose(ev("W*x"), W @ x)
    assert ev("W*x").shape == (3,)
    npt.assert_allclose(ev("x'*A"), (x @ A).reshape(1, -1))
    npt.assert_allclose(ev("x'*A*x*W"), (x @ A @ x) * W)
    K = al * np.outer(x, x) + np.eye(4) / be
    npt.assert_allclose(ev("K"), K)
    h = -D / 2 * np.log(np.linalg.det(K)) - 0.5 * np.trace(np.linalg.inv(K) @ np.outer(y, y))
    assert abs(ev("h") - h) < 1e-12
    npt.assert_allclose(ev("A^-1"), np.linalg.inv(A))
    npt.assert_allclose(ev("A^T"), A.T)
    npt.assert_allclose(ev("A^2'"), (A @ A).T)
    npt.assert_allclose(ev("A'^2"), (A.T @ A.T))
    assert abs(ev("-alpha^2") + al ** 2) < 1e-12
    assert abs(ev("2^3^2") - 512) < 1e-9
    npt.assert_allclose(ev("x.*y ./ x"), y)
    npt.assert_allclose(ev("diag(x)"), np.diag(x))
    npt.assert_allclose(ev("diag(A)"), np.diag(A))
    npt.assert_allclose(ev("kron(x, W)"), np.kron(x.reshape(-1, 1), W))
    npt.assert_allclose(ev("sigmoid(x)"), 1 / (1 + np.exp(-x)))
    npt.assert_allclose(ev("softplus(-x)"), np.log1p(np.exp(-x)))
    npt.assert_allclose(ev("I", want_shape=(4, 4)), np.eye(4))
    npt.assert_allclose(ev("2*I + A"), 2 * np.eye(4) + A)
    npt.assert_allclose(ev("ones(n)"), np.ones(4))
    assert abs(ev("n") - 4) < 1e-12
    npt.assert_allclose(ev("2x"), 2 * x)
    npt.assert_allclose(ev("W x"), W @ x)
    npt.assert_allclose(ev("αK⁻¹y"), al * np.linalg.inv(K) @ y)
    npt.assert_allclose(ev("x ⊙ y"), x * y)
    assert abs(ev("‖x‖") - np.linalg.norm(x)) < 1e-12
    assert abs(ev("|A|") - np.linalg.det(A)) < 1e-9
    npt.assert_allclose(ev("-inv(A)*d(A)*inv(A)", directions={"A": np.eye(4)}), -np.linalg.inv(A) @ np.linalg.inv(A))
    # sizes
    assert size("alpha*inv(K)*y*y'*inv(K)*x - alpha*D*inv(K)*x") == 10
    assert size("W*r*x' + W*x*r'") == 6
    assert size("-inv(X)*d(X)*inv(X)") == 3
    assert size("A^-1") == size("inv(A)") == 1
    assert size("1/2*x") == 3
    assert size("(" * 3000 + "x" + ")" * 3000) == 1
    # errors
    for bad, kind in [("x +", "parse"), ("(x", "parse"), ("foo(x)", "name"), ("z", "name"),
                      ("W + x", "shape"), ("W*W", "shape"), ("x .* W", "shape"), ("inv(W)", "shape"),
                      ("1e999*x", "math"), ("x ☃ y", "parse")]:
        try:
            ev(bad)
        except McalcError as e:
            assert e.kind == kind, (bad, e.kind, e)
        else:
            raise AssertionError("no error for %r" % bad)
    try:
        Program("x : vector(n)\nx : matrix(n, n)")
    except McalcError as e:
        assert e.kind == "name"
    else:
        raise AssertionError("duplicate declaration accepted")
    # numpy translation round trip (1-D convention)
    for e in ["alpha*inv(K)*y*y'*inv(K)*x - alpha*D*inv(K)*x", "x'*A*x", "W*x*x'", "x'*A",
              "2*I + A", "kron(I(n), y)", "diag(x)*W'*W*x", "(I - x*x'/norm(x)^2)/norm(x)"]:
        code = to_numpy(e, prog, vals)
        got = eval(code, {"np": np}, dict(vals))
        exp = ev(e)
        npt.assert_allclose(np.asarray(got, dtype=float), np.asarray(exp, dtype=float), rtol=1e-10, atol=1e-12)
    print("mcalc_lang selftest: ok")


if __name__ == "__main__":
    if "--selftest" in sys.argv:
        _selftest()
    elif len(sys.argv) >= 2 and sys.argv[1] == "--size":
        print(size(sys.argv[2]))
    else:
        print(__doc__)
