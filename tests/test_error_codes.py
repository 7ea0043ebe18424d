"""One message pair per error code: a code is a contract for integrators, so the same code means the same thing
in the same words everywhere (issue #9).

Codes and their messages live in one errors catalogue per service area: ``Spec`` entries in a service folder's
``errors.py`` (``common/errors.py`` for codes of several folders) and in ``merit_shared/error_codes.py`` (the shared
library and codes of several services); raise sites call ``SPEC.error(field=..., **placeholders)``.

An AST scan reads the catalogues, and every raise site that still writes a message pair inline (``Invalid``,
``Conflict``, ``DomainError``, ``ConstraintRule`` and the repo's subclasses that pass a fixed code) as templates:
placeholders become ``{}`` and string concatenations are joined. Each code must have exactly one
(message_id, message_en) template pair, be snake_case, and have both messages present and different; inline pairs
remain only where INLINE says why.
"""

from __future__ import annotations

import ast
import functools
import re
import string
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

# Positional parameter names and defaults of every constructor that carries a code and a message pair.
SIGNATURES: dict[str, tuple[tuple[str, ...], dict[str, str]]] = {
    "DomainError": (("code", "message_id", "message_en"), {}),
    "Invalid": (("code", "message_id", "message_en"), {}),
    "Conflict": (("code", "message_id", "message_en"), {}),
    "ConstraintRule": (("code", "message_id", "message_en"), {}),
    "InvalidGrant": (("code", "message_id", "message_en"), {}),
    "Unauthenticated": (("message_id", "message_en"), {"code": "unauthenticated"}),
    "Forbidden": (("message_id", "message_en"), {"code": "forbidden"}),
}
# Keyword spellings of the same parameters in the subclasses' constructors.
ALIASES = {"msg_id": "message_id", "msg_en": "message_en", "why_id": "message_id", "why_en": "message_en"}
# Constructors whose defaults apply when a call leaves a message out.
DEFAULT_MESSAGES = {
    "Forbidden": ("Anda tidak berhak mengakses sumber daya ini.", "You are not allowed to access this resource."),
}

POLICY = "policy validation: one code per policy document; each message names the wrong setting (field= too)"
# Codes that knowingly keep more than one message pair, each with the reason. A new code is not added here.
ALLOWED: dict[str, str] = {
    "forbidden": "the generic 403: clients branch on status and code; each message names the missing right",
    "unauthenticated": "the generic 401 of the token checks; each message names why the token was refused",
    "invalid_request": "RFC 6749 section 5.2 fixes the OAuth2 code; each message names the grant type's fields",
    "insufficient_scope": "RFC 6750 section 3.1 fixes the code; one message for an operation no scope allows, one "
                          "naming the scope the token lacks (also in required_scope)",
    "schedule_order": "one check reports every out-of-order date of a schedule at once, each naming its field",
    "invalid_score": "talent scores use the shared number and 0-100 range checks (two pairs); recruitment's stage "
                     "scores also limit decimals",
    "transition_not_allowed": "an application's refusal names its selection's status too (seleksi/selection)",
    "upstream_unavailable": "the shared 503 carries the exception detail; the gateway's names the employee check",
    "invalid_angka_kredit_policy": POLICY,
    "invalid_curve_policy": POLICY,
    "invalid_development_policy": POLICY,
    "invalid_followup_policy": POLICY,
    "invalid_jpm_policy": POLICY,
    "invalid_period_policy": POLICY,
    "invalid_policy": POLICY,
    "invalid_talent_inputs_policy": POLICY,
    "invalid_talent_policy": POLICY,
    "policy_invalid": POLICY,
}

# Callees whose raise sites still write their message pair inline (a site's callee: the constructor, a helper that
# forwards its parameters, or ``Class.__init__`` for a subclass's fixed pair), each with the reason. A new inline
# ``Invalid(...)``, ``Conflict(...)``, ``DomainError(...)``, ``Forbidden(...)`` or ``Unauthenticated(...)`` fails.
GENERIC = "a shared parsing helper: one message template names the input and the value; the caller's code names the input"
SUBCLASS = "an error class with one fixed code and pair of its own (the class is the catalogue entry)"
INLINE: dict[str, str] = {
    "ConstraintRule": "constraint tables (db_errors and each service's common/constraints.py) map a database "
                      "constraint name to its answer: a catalogue of its own, keyed by constraint",
    "InvalidGrant": "OAuth2 token endpoint errors (RFC 6749 section 5.2) also carry `error`/`error_description`",
    "parse_enum": GENERIC, "to_decimal": GENERIC, "require_int": GENERIC, "require_range": GENERIC,
    "_wrap": "evaluation policy sections: the code names the section, the message carries the parser's error",
    "_known_keys": "evaluation policy sections: the code names the section, the message lists the unknown keys",
    "PasswordChangeRequired.__init__": SUBCLASS, "TooManyAttempts.__init__": SUBCLASS, "TokenRevoked.__init__": SUBCLASS,
    "NotFound.__init__": SUBCLASS, "InsufficientScope.__init__": SUBCLASS,
}
# Codes answered with the same words under two statuses (a refusal raised both as a state conflict and as invalid
# input). Kept as they were so no answer changes; a new code with two statuses fails.
STATUSES: dict[str, str] = {
    "upstream_refused": "a peer's refusal keeps the peer's 422 (invalid input) and is a 409 for any other 4xx",
    "no_stages": "409 starting the assessment of a selection without stages; 422 validating an empty stage list",
    "schedule_required": "422 (body.schedule) announcing a selection without a schedule; 409 extending its "
                         "registration",
    "self_evaluator": "422 for an override naming the employee (body.*_employee_id); 409 when the resolved "
                      "evaluator is the employee",
}
CATALOGUE_FILES = ("errors.py",)
SHARED_CATALOGUE = "shared/merit_shared/error_codes.py"

SNAKE = re.compile(r"^[a-z][a-z0-9]*(_[a-z0-9]+)*$")
DYNAMIC = "<dynamic>"


@dataclass(frozen=True)
class Site:
    where: str
    code: str
    message_id: str
    message_en: str
    callee: str = ""


@dataclass(frozen=True)
class Entry:
    """One ``NAME = Spec(code, status, message_id, message_en)`` of a catalogue."""

    where: str
    name: str
    code: str
    status: int
    message_id: str
    message_en: str


def blank(t: str) -> str:
    """A format template with its placeholders written ``{}``, as the inline scan writes an f-string's."""
    return "".join(esc(text) + ("{}" if name is not None else "") for text, name, _, _ in string.Formatter().parse(t))


def esc(s: str) -> str:
    return s.replace("{", "{{").replace("}", "}}")


def is_catalogue(rel: Path) -> bool:
    return str(rel) == SHARED_CATALOGUE or (str(rel).startswith("services/") and rel.name in CATALOGUE_FILES)


@functools.cache
def catalogue() -> tuple[list[Entry], list[str]]:
    """Every Spec of the catalogues, and the Spec calls found anywhere else (or not in the NAME = Spec(...) form)."""
    entries, misplaced = [], []
    for path in _files():
        rel = path.relative_to(ROOT)
        tree = ast.parse(path.read_text(), filename=str(path))
        ok = set()
        if is_catalogue(rel):
            for node in tree.body:
                if isinstance(node, ast.Assign) and isinstance(node.value, ast.Call) \
                        and isinstance(node.value.func, ast.Name) and node.value.func.id == "Spec" \
                        and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name) \
                        and len(node.value.args) == 4 and not node.value.keywords \
                        and all(isinstance(a, ast.Constant) for a in node.value.args):
                    code, status, mid, men = (a.value for a in node.value.args)  # type: ignore[attr-defined]
                    entries.append(Entry(f"{rel}:{node.lineno}", node.targets[0].id, code, status, mid, men))
                    ok.add(id(node.value))
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "Spec" \
                    and id(node) not in ok:
                misplaced.append(f"{rel}:{node.lineno}")
    return entries, misplaced


def all_sites() -> list[Site]:
    """The inline raise sites and the catalogue entries, as templates."""
    return [*scan()[0], *(Site(e.where, e.code, blank(e.message_id), blank(e.message_en), "Spec")
                          for e in catalogue()[0])]


def template(node: ast.expr | None, consts: dict[str, str] | None = None) -> str | None:
    """The node as a message template, or None when it is not built from literals (or module constants)."""
    if node is None:
        return None
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value.replace("{", "{{").replace("}", "}}")
    if isinstance(node, ast.Name) and consts and node.id in consts:
        return consts[node.id].replace("{", "{{").replace("}", "}}")
    if isinstance(node, ast.JoinedStr):
        out = []
        for part in node.values:
            if isinstance(part, ast.Constant):
                out.append(str(part.value).replace("{", "{{").replace("}", "}}"))
            else:
                out.append("{}")
        return "".join(out)
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        left, right = template(node.left, consts), template(node.right, consts)
        if left is not None and right is not None:
            return left + right
    return None


@dataclass(frozen=True)
class Helper:
    """A function that raises or returns one of the constructors with its code (and maybe messages) taken from
    its own parameters: its callers are the raise sites."""

    params: tuple[str, ...]
    defaults: dict[str, ast.expr]
    args: dict[str, ast.expr]  # the constructor's code / message_id / message_en expressions inside the helper


def _callee(call: ast.Call, cls: str | None, bases: dict[str, str]) -> str | None:
    f = call.func
    if isinstance(f, ast.Name):
        return f.id
    if isinstance(f, ast.Attribute):
        if f.attr == "__init__" and isinstance(f.value, ast.Call) and isinstance(f.value.func, ast.Name) \
                and f.value.func.id == "super" and cls:
            return bases.get(cls)
        return f.attr
    return None


def _class_bases(tree: ast.Module) -> dict[str, str]:
    out = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.ClassDef) and node.bases and isinstance(node.bases[0], ast.Name):
            out[node.name] = node.bases[0].id
    return out


def _constants(tree: ast.Module) -> dict[str, str]:
    return {t.id: n.value.value for n in tree.body if isinstance(n, ast.Assign)
            and isinstance(n.value, ast.Constant) and isinstance(n.value.value, str)
            for t in n.targets if isinstance(t, ast.Name)}


def _bind(call: ast.Call, params: tuple[str, ...]) -> dict[str, ast.expr]:
    args: dict[str, ast.expr] = dict(zip(params, call.args, strict=False))
    args.update({ALIASES.get(k.arg, k.arg): k.value for k in call.keywords if k.arg})
    return args


def _files() -> list[Path]:
    return sorted([*ROOT.glob("services/*/merit_*/**/*.py"), *ROOT.glob("shared/merit_shared/*.py")])


def _helpers(trees: dict[Path, ast.Module]) -> dict[Path, dict[str, Helper]]:
    """Per file, the module-level helper functions whose constructor call takes its code from a parameter."""
    out: dict[Path, dict[str, Helper]] = {}
    for path, tree in trees.items():
        for fn in tree.body:
            if not isinstance(fn, ast.FunctionDef):
                continue
            params = tuple(a.arg for a in [*fn.args.posonlyargs, *fn.args.args, *fn.args.kwonlyargs])
            positional = [*fn.args.posonlyargs, *fn.args.args]
            defaults = dict(zip([a.arg for a in positional][len(positional) - len(fn.args.defaults):],
                                fn.args.defaults, strict=True))
            defaults.update({a.arg: d for a, d in zip(fn.args.kwonlyargs, fn.args.kw_defaults, strict=True) if d})
            for node in ast.walk(fn):
                if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in SIGNATURES:
                    args = _bind(node, SIGNATURES[node.func.id][0])
                    code = args.get("code")
                    names = {n.id for n in ast.walk(code) if isinstance(n, ast.Name)} if code is not None else set()
                    messages = [args.get(k) for k in ("message_id", "message_en")]
                    forwards = any(isinstance(m, ast.Name) and m.id in params for m in messages)
                    if names & set(params) or (forwards and fn.name.startswith("_")):
                        out.setdefault(path, {})[fn.name] = Helper(params, defaults, args)
    return out


def _resolve(expr: ast.expr | None, bound: dict[str, ast.expr], helper: Helper,
             consts: dict[str, str], code: bool = False) -> str | None:
    """A helper's constructor argument with the caller's arguments substituted for the helper's parameters (inside
    an f-string only for the code: a message's placeholders stay placeholders)."""
    if expr is None:
        return None
    if isinstance(expr, ast.Name) and expr.id in helper.params:
        given = bound.get(expr.id, helper.defaults.get(expr.id))
        return template(given, consts)
    if isinstance(expr, ast.JoinedStr) and code:  # f"invalid_{policy}", f"invalid_{enum_cls.__name__.lower()}"
        out = []
        for part in expr.values:
            if isinstance(part, ast.Constant):
                out.append(str(part.value).replace("{", "{{").replace("}", "}}"))
                continue
            value, got = part.value, None
            if isinstance(value, ast.Name) and value.id in helper.params:
                got = template(bound.get(value.id, helper.defaults.get(value.id)), consts)
            elif ast.unparse(value).endswith(".__name__.lower()"):
                root = value.func.value.value if isinstance(value, ast.Call) else None  # type: ignore[attr-defined]
                given = bound.get(root.id) if isinstance(root, ast.Name) else None
                got = given.id.lower() if isinstance(given, ast.Name) else None
            out.append(got if got is not None and "{" not in got else "{}")
        return "".join(out)
    if isinstance(expr, ast.BoolOp) and isinstance(expr.op, ast.Or):  # `code or f"invalid_{...}"`
        for value in expr.values:
            got = _resolve(value, bound, helper, consts, code)
            if got is not None and not (isinstance(value, ast.Name) and got == ""):
                return got
        return None
    return template(expr, consts)


def _walk(node: ast.AST, cls: str | None, fn: str | None) -> Iterator[tuple[ast.AST, str | None, str | None]]:
    """Every node with the class and the function it is in."""
    yield node, cls, fn
    for child in ast.iter_child_nodes(node):
        yield from _walk(child, child.name if isinstance(child, ast.ClassDef) else cls,
                         child.name if isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef) else fn)


@functools.cache
def scan() -> tuple[list[Site], list[str]]:
    """Every raise site with a literal (or f-string) code, and the sites whose code is not literal."""
    sites, unresolved = [], []
    trees = {path: ast.parse(path.read_text(), filename=str(path)) for path in _files()}
    helpers = _helpers(trees)
    by_name: dict[str, list[Helper]] = defaultdict(list)
    for hs in helpers.values():
        for name, h in hs.items():
            by_name[name].append(h)
    for path, tree in trees.items():
        bases = _class_bases(tree)
        consts = _constants(tree)
        local = helpers.get(path, {})
        defined = {n.name for n in ast.walk(tree) if isinstance(n, ast.FunctionDef | ast.AsyncFunctionDef)}
        rel = path.relative_to(ROOT)

        for node, cls, fn in _walk(tree, None, None):
            if not isinstance(node, ast.Call):
                continue
            name = _callee(node, cls, bases)
            where = f"{rel}:{node.lineno}"
            helper = local.get(name) if name else None
            if helper is None and name in by_name and len(by_name[name]) == 1 and isinstance(node.func, ast.Name) \
                    and name not in defined:
                helper = by_name[name][0]
            if helper is not None:
                bound = _bind(node, helper.params)
                code = _resolve(helper.args.get("code"), bound, helper, consts, code=True)
                mid = _resolve(helper.args.get("message_id"), bound, helper, consts) or DYNAMIC
                men = _resolve(helper.args.get("message_en"), bound, helper, consts) or DYNAMIC
                if code is None:
                    unresolved.append(where)
                elif (mid, men) != (DYNAMIC, DYNAMIC):  # a local helper forwarding its own parameters
                    sites.append(Site(where, code, mid, men, ast.unparse(node.func)))
                continue
            if name not in SIGNATURES:
                continue
            if fn in local and local[fn].args.get("code") is not None and isinstance(node.func, ast.Name):
                continue  # the helper's own call: its callers are the sites
            params, defaults = SIGNATURES[name]
            args = _bind(node, params)
            code = template(args["code"], consts) if "code" in args else defaults.get("code")
            if code is None:
                unresolved.append(where)
                continue
            msgs = []
            for i, key in enumerate(("message_id", "message_en")):
                if key in args:
                    msgs.append(template(args[key], consts) or DYNAMIC)
                elif name in DEFAULT_MESSAGES:
                    msgs.append(DEFAULT_MESSAGES[name][i])
                else:
                    msgs.append("")
            if DYNAMIC in msgs and ("code" not in args or msgs == [DYNAMIC, DYNAMIC]):
                # Messages forwarded from elsewhere (a subclass's or a local helper's parameters, a computed pair):
                # where they are literal, those sites are scanned instead.
                continue
            via_super = isinstance(node.func, ast.Attribute) and node.func.attr == "__init__"
            sites.append(Site(where, code, msgs[0], msgs[1], f"{cls}.__init__" if via_super else ast.unparse(node.func)))

    return sites, unresolved


def pairs_by_code(sites: list[Site]) -> dict[str, dict[tuple[str, str], list[str]]]:
    by_code: dict[str, dict[tuple[str, str], list[str]]] = defaultdict(lambda: defaultdict(list))
    for s in sites:
        by_code[s.code][(s.message_id, s.message_en)].append(s.where)
    return by_code


def test_the_scan_finds_the_raise_sites() -> None:
    sites = all_sites()
    codes = {s.code for s in sites}
    assert len(sites) > 300
    assert len(catalogue()[0]) > 250
    assert {"not_found", "forbidden", "unauthenticated", "too_many_attempts", "concurrent_update"} <= codes


def test_each_code_has_one_message_pair() -> None:
    by_code = pairs_by_code(all_sites())
    several = {code: {f"{mid!r} / {men!r}": where for (mid, men), where in pairs.items()}
               for code, pairs in sorted(by_code.items()) if len(pairs) > 1 and code not in ALLOWED}
    assert several == {}


def test_each_code_is_defined_once() -> None:
    """A code has one catalogue entry (the ALLOWED codes one per message pair), and no pair is written twice."""
    entries = catalogue()[0]
    by_code: dict[str, list[str]] = defaultdict(list)
    by_pair: dict[tuple[str, int, str, str], list[str]] = defaultdict(list)
    for e in entries:
        by_code[e.code].append(e.where)
        by_pair[(e.code, e.status, blank(e.message_id), blank(e.message_en))].append(e.where)
    statuses: dict[str, set[int]] = defaultdict(set)
    for e in entries:
        statuses[e.code].add(e.status)
    assert {c: w for c, w in by_code.items() if len(w) > 1 and c not in ALLOWED and c not in STATUSES} == {}
    assert sorted(c for c, st in statuses.items() if len(st) > 1 and c not in STATUSES) == []
    assert sorted(c for c in STATUSES if len(statuses.get(c, ())) <= 1) == []
    assert {k: w for k, w in by_pair.items() if len(w) > 1} == {}


def test_entries_live_in_catalogues_with_unique_names() -> None:
    entries, misplaced = catalogue()
    assert misplaced == []
    names: dict[str, list[str]] = defaultdict(list)
    for e in entries:
        names[e.name].append(e.where)
    assert {n: w for n, w in names.items() if len(w) > 1} == {}


def test_every_entry_is_used() -> None:
    used: set[str] = set()
    for path in _files():
        if is_catalogue(path.relative_to(ROOT)):
            continue
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Name):
                used.add(node.id)
            elif isinstance(node, ast.Attribute):
                used.add(node.attr)
    assert sorted(e.name for e in catalogue()[0] if e.name not in used) == []


class _AnyValue:
    """A placeholder value that takes any format spec (dates, numbers)."""

    def __format__(self, spec: str) -> str:
        return "x"


def test_messages_are_format_templates_with_named_fields() -> None:
    bad = []
    for e in catalogue()[0]:
        for message in (e.message_id, e.message_en):
            try:
                fields = {name for _, name, _, _ in string.Formatter().parse(message) if name is not None}
                if not all(name.isidentifier() for name in fields):
                    raise ValueError("a placeholder without a name")
                message.format(**dict.fromkeys(fields, _AnyValue()))
            except (ValueError, IndexError, KeyError) as exc:
                bad.append(f"{e.where} {e.name}: {exc}")
    assert bad == []


def test_spec_builds_the_error_of_its_status() -> None:
    from merit_shared.auth import Unauthenticated
    from merit_shared.errors import Conflict, DomainError, Forbidden, Invalid, Spec

    month = Spec("nip_invalid_month", 422, "Bulan {month:02d} {{x}}", "Month {month:02d} {{x}}")
    err = month.error(field="body.nip", month=3, extra={"value": "x"})
    assert type(err) is Invalid and (err.code, err.message_id, err.message_en, err.field, err.extra) == (
        "nip_invalid_month", "Bulan 03 {x}", "Month 03 {x}", "body.nip", {"value": "x"})
    taken = Spec("nip_taken", 409, "NIP {nip} terpakai", "NIP {nip} taken").error(nip=1, extra={"nip": 1})
    assert type(taken) is Conflict and (taken.status, taken.message_en, taken.extra, taken.field) == (
        409, "NIP 1 taken", {"nip": 1}, None)
    assert type(Spec("forbidden", 403, "a", "b").error()) is Forbidden
    assert type(Spec("token_expired", 401, "a", "b").error()) is Unauthenticated
    other = Spec("precondition_failed", 412, "a {v}", "b {v}").error(v=2, field="header.if-match")
    assert type(other) is DomainError and (other.status, other.message_id, other.field) == (412, "a 2", "header.if-match")


def test_no_new_inline_message_pairs() -> None:
    """Raise sites use the catalogues; the pairs still written inline are the documented kinds of INLINE."""
    inline = sorted({f"{s.callee} ({s.where})" for s in scan()[0] if s.callee not in INLINE})
    assert inline == []


def test_inline_exceptions_are_still_needed() -> None:
    callees = {s.callee for s in scan()[0]}
    assert sorted(c for c in INLINE if c not in callees) == []


def test_allowed_exceptions_are_still_needed() -> None:
    by_code = pairs_by_code(all_sites())
    stale = [code for code in ALLOWED if len(by_code.get(code, {})) <= 1]
    assert stale == []


def test_codes_are_snake_case() -> None:
    bad = sorted({f"{s.code} ({s.where})" for s in all_sites() if not SNAKE.match(s.code.replace("{}", "x"))})
    assert bad == []


def test_both_messages_are_present_and_different() -> None:
    bad = [f"{s.where}: {s.code}" for s in all_sites()
           if not s.message_id.strip() or not s.message_en.strip() or s.message_id == s.message_en]
    assert bad == []


if __name__ == "__main__":
    found = all_sites()
    unresolved_sites = scan()[1]
    print(f"{len(found)} sites, {len({s.code for s in found})} codes; non-literal codes at: {unresolved_sites}")
    for c, ps in sorted(pairs_by_code(found).items()):
        if len(ps) > 1:
            print(f"\n== {c} ({len(ps)} pairs)")
            for (mid, men), wh in ps.items():
                print(f"   {', '.join(wh)}\n     id: {mid}\n     en: {men}")
