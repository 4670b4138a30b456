"""The builder turns transcriptions into fixture records, and refuses what it
does not understand rather than losing text."""

import re
import textwrap

import pytest

from imports.council_plans import SourceError, build_fixture

ORGANISATIONS = """
- slug: example-council
  name: Example Council
  kind: council
"""


def write_source(tmp_path, plan_yaml: str, organisations: str = ORGANISATIONS):
    (tmp_path / "organisations.yaml").write_text(textwrap.dedent(organisations), encoding="utf-8")
    (tmp_path / "example.yaml").write_text(textwrap.dedent(plan_yaml), encoding="utf-8")
    return tmp_path


PLAN = """
plan:
  slug: example
  title: Example Plan
  organisation: example-council
themes:
  - title: Economic Poverty
    kind: Strategic Theme
    actions:
      - ref: E1
        text: "  Baseline   the number of parents  "
        owners: Example Council
        owner_organisations: [example-council]
        timescale: 31 March 2013
        monitoring: Quarterly updates
        indicators: [NI 116]
        progress: {status: completed, narrative: "Done."}
    themes:
      - title: Aim
        actions:
          - text: Nested action
            timescale: To Be Confirmed
"""


def records_of(records, model):
    return [record for record in records if record["model"] == model]


def test_it_builds_plans_themes_actions_and_progress(tmp_path):
    records = build_fixture(write_source(tmp_path, PLAN))

    themes = records_of(records, "plans.theme")
    actions = records_of(records, "actions.action")
    assert [theme["fields"]["parent"] for theme in themes] == [None, themes[0]["pk"]]
    assert actions[0]["fields"]["text"] == "Baseline   the number of parents"
    assert actions[0]["fields"]["due_date"] == "2013-03-31"
    assert actions[0]["fields"]["review_cadence"] == 3
    assert actions[1]["fields"]["due_date"] is None and actions[1]["fields"]["review_cadence"] is None
    indicator = records_of(records, "actions.indicator")[0]["fields"]
    assert (indicator["framework"], indicator["code"]) == ("NI", "116")
    # Named from the national list, which the record names; owned by the plan's organisation.
    assert (
        indicator["name"] == "Proportion of children in poverty"
        and "Handbook of Definitions" in indicator["name_source"]
    )
    assert indicator["organisation"] == records_of(records, "plans.plan")[0]["fields"]["organisation"]
    update = records_of(records, "progress.progressupdate")[0]["fields"]
    assert update["status"] == "completed" and update["from_source_plan"] is True


def test_an_override_replaces_what_is_read_from_the_timescale(tmp_path):
    source = PLAN.replace(
        "monitoring: Quarterly updates", "monitoring: Quarterly updates\n        review_cadence: null"
    )

    action = records_of(build_fixture(write_source(tmp_path, source)), "actions.action")[0]

    assert action["fields"]["review_cadence"] is None


@pytest.mark.parametrize(
    "mistake, message",
    [
        (("owners: Example Council", "owner: Example Council"), "unknown key(s) owner"),
        (("[example-council]", "[no-such-council]"), "no organisation with slug 'no-such-council'"),
        (("status: completed", "status: finished"), "progress status 'finished'"),
        (("[NI 116]", "[116]"), "indicator '116'"),
        (("ref: E1", "ref: E1\n        continues: other#x"), "continues 'other#x'"),
        (("text: Nested action", "text: ''"), "the action text is empty"),
        (("timescale: To Be Confirmed", "timescale: x\n            review_cadence: weekly"), "review_cadence"),
    ],
)
def test_it_refuses_a_source_it_cannot_build_faithfully(tmp_path, mistake, message):
    source = PLAN.replace(*mistake)

    with pytest.raises(SourceError, match=re.escape(message)):
        build_fixture(write_source(tmp_path, source))


def test_it_refuses_an_organisation_defined_twice_differently(tmp_path):
    source = "organisations:\n  - {slug: example-council, name: Another Name, kind: council}\n" + PLAN

    with pytest.raises(SourceError, match="defined twice, differently"):
        build_fixture(write_source(tmp_path, source))
