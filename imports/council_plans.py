"""Build the council plans fixture from its reviewable source.

`fixtures/source/*.yaml` hold the five plans as people transcribed them (see
the README there); this module turns them into the Django fixture
`fixtures/council_plans.json`, reading due dates and review cadences from the
timescales, and refuses anything it does not understand, so that a typo in a
key or a slug fails loudly instead of losing text.
"""

import datetime
import json
from pathlib import Path

import yaml
from django.conf import settings

from actions.models import ReviewCadence, Status
from actions.timescales import read_due_date, read_review_cadence
from indicators.published import PUBLISHED

SOURCE_DIR = settings.BASE_DIR / "fixtures" / "source"
FIXTURE_PATH = settings.BASE_DIR / "fixtures" / "council_plans.json"

PLAN_KEYS = {
    "slug", "title", "organisation", "partnership", "is_public", "status", "period", "starts_on", "ends_on",
    "source", "notes", "note",
}  # fmt: skip
THEME_KEYS = {"ref", "kind", "title", "note", "themes", "actions"}
ACTION_KEYS = {
    "key", "ref", "text", "owners", "owner_organisations", "timescale", "monitoring", "outcomes", "measures",
    "links", "indicators", "recommendation_accepted", "initial_response", "progress", "continues", "note",
    "due_date", "review_cadence",
}  # fmt: skip
ORGANISATION_KEYS = {"slug", "name", "short_name", "kind"}
PROGRESS_KEYS = {"status", "narrative"}
CADENCES = {
    "monthly": ReviewCadence.MONTHLY,
    "quarterly": ReviewCadence.QUARTERLY,
    "termly": ReviewCadence.TERMLY,
    "six_monthly": ReviewCadence.SIX_MONTHLY,
    "annual": ReviewCadence.ANNUAL,
}
INDICATOR_FRAMEWORKS = {"NI", "PHOF"}


def _reported_status(progress: dict | None) -> str:
    if not progress:
        return Status.NO_UPDATE.value
    return progress.get("status") or Status.NOT_RECORDED.value


class SourceError(ValueError):
    """The source says something the builder cannot turn into data faithfully."""


def clean_text(value) -> str:
    """Trim each line and the whole; keep the line breaks the transcriber chose."""
    if value is None:
        return ""
    if not isinstance(value, str):
        value = str(value)
    return "\n".join(line.rstrip() for line in value.strip().splitlines())


def _check_keys(item: dict, allowed: set[str], where: str) -> None:
    if not isinstance(item, dict):
        raise SourceError(f"{where}: expected a mapping, found {item!r}")
    unknown = set(item) - allowed
    if unknown:
        raise SourceError(f"{where}: unknown key(s) {', '.join(sorted(unknown))}")


def _date(value, where: str) -> str | None:
    if value in (None, ""):
        return None
    if isinstance(value, datetime.date):
        return value.isoformat()
    try:
        return datetime.date.fromisoformat(str(value)).isoformat()
    except ValueError as error:
        raise SourceError(f"{where}: {value!r} is not a date (YYYY-MM-DD)") from error


def load_sources(source_dir: Path = SOURCE_DIR) -> tuple[list[dict], list[dict]]:
    """The organisations and the plan documents, in a stable order."""
    organisations = list(yaml.safe_load((source_dir / "organisations.yaml").read_text(encoding="utf-8")))
    documents = []
    for path in sorted(source_dir.glob("*.yaml")):
        if path.name == "organisations.yaml":
            continue
        document = yaml.safe_load(path.read_text(encoding="utf-8"))
        document["_file"] = path.name
        organisations.extend(document.get("organisations") or [])
        documents.append(document)
    return organisations, documents


class _Builder:
    def __init__(self):
        self.records: list[dict] = []
        self.organisation_pks: dict[str, int] = {}
        self.indicator_pks: dict[tuple[str, str], int] = {}
        self.indicator_organisations: dict[tuple[str, str], int] = {}
        self.plan_organisation_pk: int | None = None
        self.action_keys: dict[str, int] = {}
        self.organisation_records: dict[int, dict] = {}
        self.pending_continues: list[tuple[dict, str, str]] = []
        self.next_pk = {"plans.theme": 1, "actions.action": 1, "progress.progressupdate": 1}

    def _pk(self, model: str) -> int:
        pk = self.next_pk[model]
        self.next_pk[model] += 1
        return pk

    def organisations(self, items: list[dict]) -> None:
        seen: dict[str, dict] = {}
        for item in items:
            _check_keys(item, ORGANISATION_KEYS, f"organisation {item.get('slug')!r}")
            fields = {
                "name": clean_text(item["name"]),
                "short_name": clean_text(item.get("short_name")),
                "slug": item["slug"],
                "kind": item.get("kind", "other"),
            }
            if item["slug"] in seen:
                if seen[item["slug"]] != fields:
                    raise SourceError(f"organisation {item['slug']!r} is defined twice, differently")
                continue
            seen[item["slug"]] = fields
        for pk, (slug, fields) in enumerate(seen.items(), start=1):
            self.organisation_pks[slug] = pk
            record = {"model": "plans.organisation", "pk": pk, "fields": {**fields, "partnerships": []}}
            self.organisation_records[pk] = record
            self.records.append(record)

    def join_partnership(self, organisation_pk: int, partnership_pk: int | None) -> None:
        """An organisation that owns a plan or one of its actions is a member of
        the plan's partnership."""
        if partnership_pk is None or organisation_pk == partnership_pk:
            return
        partnerships = self.organisation_records[organisation_pk]["fields"]["partnerships"]
        if partnership_pk not in partnerships:
            partnerships.append(partnership_pk)
            partnerships.sort()

    def organisation(self, slug: str, where: str) -> int:
        try:
            return self.organisation_pks[slug]
        except KeyError:
            raise SourceError(f"{where}: no organisation with slug {slug!r}") from None

    def indicator(self, label: str, where: str) -> int:
        framework, _, code = str(label).partition(" ")
        if framework not in INDICATOR_FRAMEWORKS or not code:
            raise SourceError(f"{where}: indicator {str(label)!r} should read like 'NI 116' or 'PHOF 1.08i'")
        # The first plan to cite an indicator names its responsible organisation: its owner.
        self.indicator_organisations.setdefault((framework, code), self.plan_organisation_pk)
        return self.indicator_pks.setdefault((framework, code), len(self.indicator_pks) + 1)

    def plan(self, document: dict, pk: int) -> None:
        where = document["_file"]
        plan = document["plan"]
        _check_keys(plan, PLAN_KEYS, f"{where}: plan")
        organisation_pk = self.organisation(plan["organisation"], where)
        self.plan_organisation_pk = organisation_pk
        self.partnership_pk = self.organisation(plan["partnership"], where) if plan.get("partnership") else None
        if self.partnership_pk and self.organisation_records[self.partnership_pk]["fields"]["kind"] != "partnership":
            raise SourceError(f"{where}: the plan's partnership {plan['partnership']!r} is not of kind partnership")
        self.join_partnership(organisation_pk, self.partnership_pk)
        self.records.append({
            "model": "plans.plan",
            "pk": pk,
            "fields": {
                "organisation": organisation_pk,
                "partnership": self.partnership_pk,
                "is_public": bool(plan.get("is_public", False)),
                "title": clean_text(plan["title"]),
                "slug": plan["slug"],
                "status": plan.get("status", "active"),
                "period": clean_text(plan.get("period")),
                "starts_on": _date(plan.get("starts_on"), where),
                "ends_on": _date(plan.get("ends_on"), where),
                "source": clean_text(plan.get("source")),
                "notes": clean_text(plan.get("notes")),
                "transcription_note": clean_text(plan.get("note")),
            },
        })  # fmt: skip
        self.position = {"theme": 0, "action": 0}
        for theme in document.get("themes") or []:
            self.theme(theme, plan_pk=pk, parent_pk=None, plan_slug=plan["slug"], where=where)

    def theme(self, item: dict, *, plan_pk: int, parent_pk: int | None, plan_slug: str, where: str) -> None:
        _check_keys(item, THEME_KEYS, f"{where}: theme {item.get('title')!r}")
        pk = self._pk("plans.theme")
        self.position["theme"] += 1
        self.records.append({
            "model": "plans.theme",
            "pk": pk,
            "fields": {
                "plan": plan_pk,
                "parent": parent_pk,
                "reference": clean_text(item.get("ref")),
                "kind": clean_text(item.get("kind")),
                "title": clean_text(item["title"]),
                "position": self.position["theme"],
                "transcription_note": clean_text(item.get("note")),
            },
        })  # fmt: skip
        for action in item.get("actions") or []:
            self.action(action, plan_pk=plan_pk, theme_pk=pk, plan_slug=plan_slug, where=where)
        for child in item.get("themes") or []:
            self.theme(child, plan_pk=plan_pk, parent_pk=pk, plan_slug=plan_slug, where=where)

    def action(self, item: dict, *, plan_pk: int, theme_pk: int, plan_slug: str, where: str) -> None:
        here = f"{where}: action {item.get('ref') or clean_text(item.get('text'))[:40]!r}"
        _check_keys(item, ACTION_KEYS, here)
        if not clean_text(item.get("text")):
            raise SourceError(f"{here}: the action text is empty")
        pk = self._pk("actions.action")
        self.position["action"] += 1
        timescale = clean_text(item.get("timescale"))
        monitoring = clean_text(item.get("monitoring"))
        due_date = _date(item["due_date"], here) if "due_date" in item else _date(read_due_date(timescale), here)
        if "review_cadence" in item:
            if item["review_cadence"] is not None and item["review_cadence"] not in CADENCES:
                raise SourceError(f"{here}: review_cadence must be one of {', '.join(CADENCES)} or null")
            cadence = CADENCES.get(item["review_cadence"])
        else:
            cadence = read_review_cadence(timescale, monitoring)
        owner_pks = [self.organisation(slug, here) for slug in item.get("owner_organisations") or []]
        for owner_pk in owner_pks:
            self.join_partnership(owner_pk, self.partnership_pk)
        accepted = item.get("recommendation_accepted")
        if accepted not in (None, True, False):
            raise SourceError(f"{here}: recommendation_accepted must be true, false or null")
        record = {
            "model": "actions.action",
            "pk": pk,
            "fields": {
                "plan": plan_pk,
                "theme": theme_pk,
                "position": self.position["action"],
                "reference": clean_text(item.get("ref")),
                "text": clean_text(item["text"]),
                "outcomes": clean_text(item.get("outcomes")),
                "measures": clean_text(item.get("measures")),
                "owners": clean_text(item.get("owners")),
                "owner_organisations": owner_pks,
                "timescale": timescale,
                "due_date": due_date,
                "review_cadence": int(cadence) if cadence else None,
                "monitoring": monitoring,
                "links": clean_text(item.get("links")),
                "indicators": [self.indicator(label, here) for label in item.get("indicators") or []],
                "recommendation_accepted": accepted,
                "initial_response": clean_text(item.get("initial_response")),
                "continues": None,
                "transcription_note": clean_text(item.get("note")),
                # The summary of the latest update (see Action.current_status):
                # the source's progress, undated, is the only update.
                "current_status": _reported_status(item.get("progress")),
                "last_updated_on": None,
            },
        }  # fmt: skip
        self.records.append(record)
        if item.get("key"):
            full_key = f"{plan_slug}#{item['key']}"
            if full_key in self.action_keys:
                raise SourceError(f"{here}: key {item['key']!r} is used twice")
            self.action_keys[full_key] = pk
        if item.get("continues"):
            self.pending_continues.append((record, item["continues"], here))
        if item.get("progress"):
            self.progress(item["progress"], action_pk=pk, where=here)

    def progress(self, item: dict, *, action_pk: int, where: str) -> None:
        _check_keys(item, PROGRESS_KEYS, f"{where}: progress")
        status = item.get("status") or ""
        stated = [choice.value for choice in Status.stated()]
        if status and status not in stated:
            raise SourceError(f"{where}: progress status {status!r} is not one of {', '.join(stated)}")
        narrative = clean_text(item.get("narrative"))
        if not narrative:
            raise SourceError(f"{where}: progress has no narrative")
        self.records.append({
            "model": "progress.progressupdate",
            "pk": self._pk("progress.progressupdate"),
            "fields": {
                "action": action_pk,
                "date_of_update": None,
                "author": None,
                "status": status,
                "narrative": narrative,
                "percent_complete": None,
                "evidence_url": "",
                "from_source_plan": True,
            },
        })  # fmt: skip

    def resolve_continues(self) -> None:
        for record, key, where in self.pending_continues:
            if key not in self.action_keys:
                raise SourceError(f"{where}: continues {key!r}, which no action has as its key")
            record["fields"]["continues"] = self.action_keys[key]

    def indicator_records(self) -> list[dict]:
        """Each cited indicator, with its published name where it is known (indicators.published)."""
        records = []
        for (framework, code), pk in self.indicator_pks.items():
            fields = {"framework": framework, "code": code, "name": "",
                      "organisation": self.indicator_organisations[(framework, code)]}  # fmt: skip
            if published := PUBLISHED.get((framework, code)):
                fields.update(name=published.name, name_source=published.source, unit=published.unit,
                              better=published.better, frequency=published.frequency)  # fmt: skip
            records.append({"model": "actions.indicator", "pk": pk, "fields": fields})
        return records


def build_fixture(source_dir: Path = SOURCE_DIR) -> list[dict]:
    """The fixture records, in an order loaddata can insert them."""
    organisations, documents = load_sources(source_dir)
    builder = _Builder()
    builder.organisations(organisations)
    for pk, document in enumerate(documents, start=1):
        builder.plan(document, pk)
    builder.resolve_continues()
    organisation_count = len(builder.organisation_pks)
    return builder.records[:organisation_count] + builder.indicator_records() + builder.records[organisation_count:]


def render_fixture(records: list[dict]) -> str:
    return json.dumps(records, indent=1, ensure_ascii=False) + "\n"
