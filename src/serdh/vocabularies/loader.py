"""Loading the vocabularies from their versioned data files (``data/<key>.json``).

Used by the data migration ``vocabularies.0002`` and by ``serdh vocabularies load``. Every file
is read and checked before anything is written; any problem refuses the whole load. The load is
one transaction and is idempotent:

- vocabularies and terms are upserted by (vocabulary key, term code): label, parent, order
  (the file's order, parents before their children), SINAN and Disque 100 codes, definition,
  legal source and crosswalk (a rights group's ``violation_types``);
- nothing is ever deleted; a term of source "data" missing from its file is retired;
- terms added in the application (source "local") are left alone;
- a term someone retired stays retired even if its file still lists it (reactivating it is a
  decision for the state manager, not for a deploy).

The loader is a system operation: it writes through the plain managers. The command records the
audit event; the migration, which runs before anyone can act, does not.
"""

import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction
from django.utils import timezone

DATA_DIR = Path(__file__).resolve().parent / "data"

# Term codes: stable English snake_case, dot-separated ("sexual.rape").
CODE_RE = re.compile(r"^[a-z0-9]+(?:_[a-z0-9]+)*(?:\.[a-z0-9]+(?:_[a-z0-9]+)*)*$")
KEY_RE = re.compile(r"^[a-z0-9]+(?:_[a-z0-9]+)*$")
# The species at the top of every Disque 100 violation path.
DISQUE100_SPECIES = (
    "INTEGRIDADE",
    "LIBERDADE",
    "DIREITOS SOCIAIS",
    "IGUALDADE",
    "DIREITOS CIVIS E POLÍTICOS",
    "VIDA",
    "MEIO AMBIENTE",
)
# Hierarchies have two levels (type → subtype): SIMA classifies a violation by both.
MAX_DEPTH = 2

VOCABULARY_FIELDS = {"key", "name", "version", "hierarchical", "description", "terms"}
TERM_FIELDS = {
    "code",
    "label",
    "sinan_code",
    "disque100_code",
    "description",
    "legal_source",
    "violation_types",
    "children",
}
LIMITS = {"code": 60, "label": 200, "sinan_code": 40, "disque100_code": 200, "legal_source": 200}
# Vocabularies taken from the law: each term names its article (issue 14).
LEGAL_SOURCE_REQUIRED = {"protective_measure", "rights_group", "violator_type"}
# Crosswalks between vocabularies: {vocabulary: (term field, target vocabulary)}. Every term
# of the vocabulary maps to at least one target code, every code exists in the target, and
# every top-level target term is reached (directly or through one of its subtypes).
CROSSWALKS = {"rights_group": ("violation_types", "violation_type")}
CROSSWALK_FIELDS = ("sinan_code", "disque100_code")


class VocabularyDataError(Exception):
    """The data files have problems; nothing was loaded."""

    def __init__(self, problems):
        self.problems = list(problems)
        super().__init__(
            "Vocabulários não carregados (nada foi alterado):\n"
            + "\n".join(f"  - {p}" for p in self.problems)
        )


@dataclass
class VocabularyResult:
    key: str
    version: str
    terms: int = 0
    created: list = field(default_factory=list)
    updated: list = field(default_factory=list)
    retired: list = field(default_factory=list)
    kept_retired: list = field(default_factory=list)
    vocabulary_changed: bool = False

    @property
    def changed(self):
        return bool(self.vocabulary_changed or self.created or self.updated or self.retired)

    def describe(self):
        parts = [f"{self.terms} termos"]
        for label, items in (
            ("novos", self.created),
            ("atualizados", self.updated),
            ("retirados", self.retired),
        ):
            if items:
                parts.append(f"{len(items)} {label}")
        if not self.changed:
            parts.append("sem alterações")
        return f"{self.key} {self.version}: " + ", ".join(parts)


@dataclass
class LoadReport:
    vocabularies: list = field(default_factory=list)

    @property
    def changed(self):
        return any(v.changed for v in self.vocabularies)

    @property
    def versions(self):
        return {v.key: v.version for v in self.vocabularies}

    def get(self, key):
        return next(v for v in self.vocabularies if v.key == key)


# --- Reading and checking --------------------------------------------------------------------


def _flatten(terms, parent_code, depth, where, problems, out):
    """Depth-first, file order: (term dict, parent code) with parents before children."""
    if not isinstance(terms, list):
        problems.append(f"{where}: “terms”/“children” deve ser uma lista")
        return
    for index, term in enumerate(terms, 1):
        here = f"{where}, termo {index}"
        if not isinstance(term, dict):
            problems.append(f"{here}: deve ser um objeto")
            continue
        code = term.get("code")
        if isinstance(code, str) and code:
            here = f"{where}, termo “{code}”"
        unknown = set(term) - TERM_FIELDS
        if unknown:
            problems.append(f"{here}: campos desconhecidos: {', '.join(sorted(unknown))}")
        for name in ("code", "label"):
            value = term.get(name)
            if not isinstance(value, str) or not value.strip():
                problems.append(f"{here}: campo obrigatório “{name}” ausente ou vazio")
        for name in ("sinan_code", "disque100_code", "description", "legal_source"):
            if name in term and not isinstance(term[name], str):
                problems.append(f"{here}: “{name}” deve ser texto")
        for name, limit in LIMITS.items():
            value = term.get(name)
            if isinstance(value, str) and len(value) > limit:
                problems.append(f"{here}: “{name}” passa de {limit} caracteres")
        if isinstance(code, str) and code and not CODE_RE.match(code):
            problems.append(
                f"{here}: código inválido (use letras minúsculas, dígitos e _, "
                "níveis separados por ponto)"
            )
        d100 = term.get("disque100_code")
        if (
            isinstance(d100, str)
            and d100
            and any(not part or part != part.strip() for part in d100.split(">"))
        ):
            problems.append(f"{here}: caminho Disque 100 mal formado “{d100}”")
        out.append((term, parent_code, depth))
        if "children" in term:
            if depth >= MAX_DEPTH:
                problems.append(f"{here}: a hierarquia tem no máximo {MAX_DEPTH} níveis")
            _flatten(term["children"], code, depth + 1, where, problems, out)


def check(data, filename, problems):
    """Check one parsed file; returns its flattened terms (term, parent code, depth)."""
    where = filename
    if not isinstance(data, dict):
        problems.append(f"{where}: o arquivo deve conter um objeto JSON")
        return []
    unknown = set(data) - VOCABULARY_FIELDS
    if unknown:
        problems.append(f"{where}: campos desconhecidos: {', '.join(sorted(unknown))}")
    for name in ("key", "name", "version"):
        if not isinstance(data.get(name), str) or not data.get(name, "").strip():
            problems.append(f"{where}: campo obrigatório “{name}” ausente ou vazio")
    key = data.get("key")
    if isinstance(key, str) and key:
        if not KEY_RE.match(key) or len(key) > 40:
            problems.append(f"{where}: chave inválida “{key}”")
        if Path(filename).stem != key:
            problems.append(f"{where}: a chave “{key}” deve ser o nome do arquivo")
    for name, limit in (("version", 20), ("name", 120), ("description", None)):
        value = data.get(name, "")
        if not isinstance(value, str):
            if name == "description":
                problems.append(f"{where}: “description” deve ser texto")
        elif limit and len(value) > limit:
            problems.append(f"{where}: “{name}” passa de {limit} caracteres")
    if not isinstance(data.get("hierarchical", False), bool):
        problems.append(f"{where}: “hierarchical” deve ser true ou false")
    if "terms" not in data or not data["terms"]:
        problems.append(f"{where}: campo obrigatório “terms” ausente ou vazio")
        return []
    flat = []
    _flatten(data["terms"], None, 1, where, problems, flat)
    if not data.get("hierarchical") and any(depth > 1 for _, _, depth in flat):
        problems.append(f"{where}: há termos filhos, mas “hierarchical” não é true")
    seen = {"code": {}, "sinan_code": {}, "disque100_code": {}}
    for term, _parent, _depth in flat:
        for name, values in seen.items():
            value = term.get(name)
            if not isinstance(value, str) or not value:
                continue
            if value in values:
                what = "código duplicado" if name == "code" else f"{name} duplicado"
                problems.append(f"{where}: {what} “{value}”")
            values[value] = term
    if key in LEGAL_SOURCE_REQUIRED:
        for term, _parent, _depth in flat:
            source = term.get("legal_source")
            if not isinstance(source, str) or not source.strip():
                problems.append(
                    f"{where}, termo “{term.get('code')}”: campo obrigatório “legal_source” "
                    "ausente ou vazio (cite o artigo da lei)"
                )
    for owner, (name, _target) in CROSSWALKS.items():
        for term, _parent, _depth in flat:
            if name in term and key != owner:
                problems.append(
                    f"{where}, termo “{term.get('code')}”: “{name}” só vale no vocabulário {owner}"
                )
    if key == "violation_type":
        for term, _parent, _depth in flat:
            d100 = term.get("disque100_code")
            if isinstance(d100, str) and d100 and d100.split(">")[0] not in DISQUE100_SPECIES:
                problems.append(
                    f"{where}, termo “{term.get('code')}”: o caminho Disque 100 “{d100}” não "
                    "começa por uma espécie conhecida"
                )
    return flat


def check_crosswalks(parsed, problems):
    """Cross-file checks: each crosswalk's codes exist in its target vocabulary and cover it."""
    by_key = {data.get("key"): (data, flat, name) for data, flat, name in parsed}
    for owner, (name, target) in CROSSWALKS.items():
        if owner not in by_key:
            continue
        _data, flat, filename = by_key[owner]
        if target not in by_key:
            problems.append(f"{filename}: a correspondência precisa do vocabulário {target}")
            continue
        target_flat = by_key[target][1]
        parents = {t.get("code"): p for t, p, _d in target_flat}
        reached = set()
        for term, _parent, _depth in flat:
            here = f"{filename}, termo “{term.get('code')}”"
            codes = term.get(name)
            if (
                not isinstance(codes, list)
                or not codes
                or not all(isinstance(c, str) and c for c in codes)
            ):
                problems.append(f"{here}: “{name}” deve ser uma lista não vazia de códigos")
                continue
            for code in sorted({c for c in codes if codes.count(c) > 1}):
                problems.append(f"{here}: código “{code}” repetido em “{name}”")
            for code in codes:
                if code not in parents:
                    problems.append(f"{here}: “{code}” não existe no vocabulário {target}")
                    continue
                reached.add(code)
                if parents[code]:
                    reached.add(parents[code])
        missing = [c for c, p in parents.items() if p is None and c not in reached]
        if missing:
            problems.append(
                f"{filename}: tipos de {target} sem correspondência: {', '.join(missing)}"
            )


def _no_repeats(pairs):
    names = [name for name, _value in pairs]
    repeated = sorted({name for name in names if names.count(name) > 1})
    if repeated:
        raise ValueError(f"campo repetido num objeto: {', '.join(repeated)}")
    return dict(pairs)


def read_files(data_dir=None):
    """Parse and check every file; returns [(data, flat terms)] or raises VocabularyDataError."""
    data_dir = Path(data_dir or DATA_DIR)
    paths = sorted(data_dir.glob("*.json"))
    problems = []
    if not paths:
        problems.append(f"nenhum arquivo de vocabulário em {data_dir}")
    files = []
    parsed = []
    keys = {}
    for path in paths:
        try:
            data = json.loads(path.read_text(encoding="utf-8"), object_pairs_hook=_no_repeats)
        except (OSError, UnicodeDecodeError, ValueError) as exc:
            problems.append(f"{path.name}: não foi possível ler o JSON ({exc})")
            continue
        flat = check(data, path.name, problems)
        parsed.append((data if isinstance(data, dict) else {}, flat, path.name))
        if isinstance(data, dict) and isinstance(data.get("key"), str):
            if data["key"] in keys:
                problems.append(
                    f"{path.name}: chave “{data['key']}” repetida ({keys[data['key']]})"
                )
            keys[data["key"]] = path.name
        files.append((data, flat))
    check_crosswalks(parsed, problems)
    if problems:
        raise VocabularyDataError(problems)
    return files


# --- Loading ---------------------------------------------------------------------------------


def _models():
    from .models import Term, Vocabulary

    return Vocabulary, Term


def load_all(stdout=None, *, data_dir=None, progress=None, models=None):
    """Load every data file (see the module docstring); returns a ``LoadReport``.

    ``progress(key)`` returns a ``ProgressLine``-like callable ``(done, total)``, called once
    each vocabulary is loaded (one line per vocabulary). ``models`` is ``(Vocabulary, Term)``,
    the historical models when a migration loads. ``data_dir`` defaults to the packaged
    ``data/``.
    """
    files = read_files(data_dir)
    vocabulary_model, term_model = models or _models()
    report = LoadReport()
    with transaction.atomic():
        for data, flat in files:
            result = _load_one(vocabulary_model, term_model, data, flat, progress)
            report.vocabularies.append(result)
            if stdout is not None:
                for code in result.retired:
                    stdout.write(f"  {result.key}: termo “{code}” retirado (não está no arquivo)\n")
                for code in result.kept_retired:
                    stdout.write(
                        f"  {result.key}: termo “{code}” continua retirado (reative-o na "
                        "página do vocabulário, se for o caso)\n"
                    )
                stdout.write(result.describe() + "\n")
    return report


def _load_one(vocabulary_model, term_model, data, flat, progress):
    key = data["key"]
    wanted = {
        "name": data["name"].strip(),
        "description": (data.get("description") or "").strip(),
        "version": data["version"].strip(),
        "hierarchical": bool(data.get("hierarchical", False)),
    }
    result = VocabularyResult(key=key, version=wanted["version"], terms=len(flat))
    vocabulary = vocabulary_model.objects.filter(key=key).first()
    if vocabulary is None:
        vocabulary = vocabulary_model.objects.create(key=key, **wanted)
        result.vocabulary_changed = True
    elif any(getattr(vocabulary, k) != v for k, v in wanted.items()):
        for k, v in wanted.items():
            setattr(vocabulary, k, v)
        vocabulary.save()
        result.vocabulary_changed = True

    existing = {t.code: t for t in term_model.objects.filter(vocabulary=vocabulary)}
    clashes = [
        term["code"]
        for term, _p, _d in flat
        if term["code"] in existing and existing[term["code"]].source != "data"
    ]
    if clashes:
        raise VocabularyDataError(
            [
                f"{key}: o código “{code}” do arquivo já pertence a um termo local; "
                "mude o código no arquivo"
                for code in clashes
            ]
        )

    # The historical models of older migrations (0002) lack the newer fields.
    has = {f.name for f in term_model._meta.get_fields()}
    saved = {}
    for order, (term, parent_code, _depth) in enumerate(flat, 1):
        code = term["code"]
        values = {
            "label": term["label"].strip(),
            "parent": saved[parent_code] if parent_code else None,
            "order": order,
            "sinan_code": (term.get("sinan_code") or "").strip(),
            "disque100_code": (term.get("disque100_code") or "").strip(),
            "description": (term.get("description") or "").strip(),
            "legal_source": (term.get("legal_source") or "").strip(),
            "violation_types": list(term.get("violation_types") or []),
        }
        values = {name: value for name, value in values.items() if name in has}
        row = existing.get(code)
        if row is None:
            row = term_model.objects.create(
                vocabulary=vocabulary, code=code, source="data", **values
            )
            result.created.append(code)
        else:
            changed = [name for name, value in values.items() if _differs(row, name, value)]
            if changed:
                for name in changed:
                    setattr(row, name, values[name])
                row.save(update_fields=changed)
                result.updated.append(code)
            if not row.is_active:
                result.kept_retired.append(code)
        saved[code] = row

    listed = set(saved)
    now = timezone.now()
    for code, row in existing.items():
        if row.source == "data" and code not in listed and row.is_active:
            row.is_active = False
            row.retired_at = now
            row.save(update_fields=["is_active", "retired_at"])
            result.retired.append(code)
    if progress:
        progress(key)(len(flat), len(flat))
    return result


def _differs(row, name, value):
    if name == "parent":
        return row.parent_id != (value.pk if value is not None else None)
    return getattr(row, name) != value
