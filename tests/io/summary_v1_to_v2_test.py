#!/usr/bin/python3
"""The mapping from summary.json format version 1 to version 2
(io/summary_v1_to_v2.json) is complete and right, and README.md's table is
the mapping's.

  summary_v1_to_v2_test.py MAPPING V1_SAMPLE V2_SAMPLE README REAL_SUMMARY
      Converts the v1 record V1_SAMPLE by the mapping and compares every
      converted field with V2_SAMPLE, the v2 writer's summary of the same
      run (write_summary_v2_sample). Checks that every v1 key has a rule and
      every rule a v1 key; that every measure of V2_SAMPLE and of
      REAL_SUMMARY (a real drill's summary.json) is a rule's target or listed
      as new; that every measure a rule names exists in REAL_SUMMARY; and
      that README.md holds the table this mapping generates.
  summary_v1_to_v2_test.py MAPPING --table
      Prints the README table.

Standard-library Python only.
"""
import json
import math
import re
import sys

BEGIN = "<!-- summary v1 to v2: generated from io/summary_v1_to_v2.json -->"
END = "<!-- end of summary v1 to v2 -->"


HOW = {
    "version": "2 (was 1)",
    "dplus_to_us": "D+ text to microseconds since D+0",
    "null_is_zero": "D+ text to microseconds since D+0; null (not completed) is 0",
    "per_day": "v1 = v2 / days of the statistics span ((`time_us` - `since_us`) / 86 400 000 000)",
    "wait_start": "v2 = `time_us` / 10^6 - 60 x v1 (seconds since D+0) while waits are in progress",
    "null_is_absent": "null: the entity has no such series",
    "zero_is_absent": "0: the entity may have no such series",
    "dropped": "gone",
}


def table(mapping):
    lines = [BEGIN, "", "| v1 key | v2 | how |", "|---|---|---|"]
    for r in mapping["rules"]:
        if "v2" in r:
            target = f"`{r['v2']}`"
        elif "measure" in r:
            measures = " or ".join(f"`{m}`" for m in r["measure"].split("|"))
            target = f"{measures} {r['statistic']}"
        elif "label" in r:
            target = f"label `{r['label']}`"
        else:
            target = "(none)"
        how = HOW.get(r.get("convert", ""), "")
        if r.get("convert") == "factor":
            how = "x " + f"{r['factor']:,}".replace(",", " ")
        elif r.get("convert") == "fraction_of":
            how = f"x `{r['of']}` value"
        note = r.get("note", "")
        text = "; ".join(x for x in (how, note) if x)
        lines.append(f"| `{r['v1']}` | {target} | {text} |")
    lines += ["", END]
    return "\n".join(lines) + "\n"


def leaf_keys(record, prefix=""):
    keys = set()
    for k, v in record.items():
        path = prefix + k
        if isinstance(v, dict):
            keys |= leaf_keys(v, path + ".")
        elif isinstance(v, list):
            for item in v:
                keys |= leaf_keys(item, path + "[].")
        else:
            keys.add(path)
    return keys


def dplus_us(text):
    m = re.fullmatch(r"D\+(\d+) (\d\d):(\d\d):(\d\d)", text)
    if not m:
        raise ValueError(f"not a D+ time: {text}")
    d, h, mi, s = map(int, m.groups())
    return ((d * 24 + h) * 60 + mi) * 60 * 1_000_000 + s * 1_000_000


def number(v):
    return float(v) if isinstance(v, str) else v


def close(a, b):
    """Equal, a v2 64-bit integer (a JSON string) compared as the number it is."""
    if isinstance(b, (int, float)) and not isinstance(b, bool) and isinstance(a, str):
        a = float(a)
    if isinstance(a, (int, float)) and isinstance(b, (int, float)) and not isinstance(a, bool):
        return math.isclose(a, b, rel_tol=1e-12, abs_tol=1e-9)
    return a == b


def series(v2, measures, labels):
    """The v2 measure entry of one of `measures` ("a|b") with `labels`."""
    for m in v2["measures"]:
        if m["measure"] in measures.split("|") and {l["name"]: l["value"] for l in m["labels"]} == labels:
            return m
    return None


def entity_labels(mapping, group, entity):
    label = mapping["entities"][group]["label"]
    value = entity[mapping["entities"][group]["key"]]
    if label == "base/resource":
        base, resource = value.split("/", 1)
        return {"base": base, "resource": resource}
    return {label: value}


def get(record, dotted):
    for part in dotted.split("."):
        record = record[part]
    return record


def check_rules(mapping, v1, v2):
    errors = []
    time_us, since_us = number(v2["time_us"]), number(v2["since_us"])
    days = (time_us - since_us) / 86400e6

    def expect(rule, v1_value, v2_value, expected, where):
        if not close(v2_value, expected):
            errors.append(f"{rule['v1']}{where}: v1 {v1_value!r} gives {expected!r}, the v2 writer wrote {v2_value!r}")

    for rule in mapping["rules"]:
        path = rule["v1"]
        convert = rule.get("convert")
        if convert == "dropped":
            continue
        if "[]." in path:
            group, field = path.split("[].")
            items = [(i, e, entity_labels(mapping, group, e)) for i, e in enumerate(v1[group])]
        else:
            group, field = None, path
            items = [(None, v1, {})]
        for index, entity, labels in items:
            where = f" ({entity['name']})" if group else ""
            value = entity[field] if group else get(v1, field)
            if "label" in rule:
                if not any({l["name"]: l["value"] for l in m["labels"]} == labels for m in v2["measures"]):
                    errors.append(f"{path}{where}: no v2 series labelled {labels}")
                continue
            if "v2" in rule:
                target = rule["v2"]
                actual = v2[target.split("[].")[0]][index][target.split("[].")[1]] if group else get(v2, target)
            else:
                m = series(v2, rule["measure"], labels)
                if convert == "null_is_absent" and value is None:
                    if m is not None:
                        errors.append(f"{path}{where}: v1 null, but v2 has a {rule['measure']} series")
                    continue
                if m is None:
                    if convert == "zero_is_absent" and value == 0:
                        continue
                    errors.append(f"{path}{where}: no v2 {rule['measure']} series labelled {labels}")
                    continue
                actual = m[rule["statistic"]]
            if convert in ("same", "null_is_absent", "zero_is_absent"):
                expect(rule, value, actual, value, where)
            elif convert == "version":
                expect(rule, value, actual, 2, where)
            elif convert == "factor":
                expect(rule, value, actual, value * rule["factor"], where)
            elif convert == "dplus_to_us":
                expect(rule, value, actual, dplus_us(value), where)
            elif convert == "null_is_zero":
                expect(rule, value, actual, 0 if value is None else dplus_us(value), where)
            elif convert == "per_day":
                expect(rule, value, actual, value * days, where)
            elif convert == "fraction_of":
                of = series(v2, rule["of"], labels)
                expect(rule, value, actual, value * number(of["value"]), where)
            elif convert == "wait_start":
                if entity[rule["when"]] > 0:
                    expect(rule, value, actual, time_us / 1e6 - 60 * value, where)
            else:
                errors.append(f"{path}: unknown conversion {convert!r}")
    return errors


def main():
    mapping = json.load(open(sys.argv[1]))
    if sys.argv[2] == "--table":
        sys.stdout.write(table(mapping))
        return 0
    v1 = json.load(open(sys.argv[2]))
    v2 = json.load(open(sys.argv[3]))
    readme = open(sys.argv[4]).read()
    real = json.load(open(sys.argv[5]))
    errors = []

    ruled = {r["v1"] for r in mapping["rules"]}
    for k in sorted(leaf_keys(v1) - ruled):
        errors.append(f"v1 key {k} has no rule")
    for k in sorted(ruled - leaf_keys(v1)):
        errors.append(f"rule for {k}, which is not a v1 key")

    errors += check_rules(mapping, v1, v2)

    targets = set()
    for r in mapping["rules"]:
        for name in r.get("measure", "").split("|") + [r.get("of", "")]:
            if name:
                targets.add(name)
    new = set(mapping["v2_only"]["measures"])
    for source, summary in (("the v2 sample", v2), ("the real run", real)):
        for name in sorted({m["measure"] for m in summary["measures"]} - targets - new):
            errors.append(f"{source}'s measure {name} is neither mapped from v1 nor listed as new")
    real_measures = {m["measure"] for m in real["measures"]}
    for r in mapping["rules"]:
        if "measure" in r and not set(r["measure"].split("|")) & real_measures:
            errors.append(f"rule for {r['v1']} names {r['measure']}, which the real run does not have")
    for name in sorted(new - real_measures):
        errors.append(f"{name} is listed as new but the real run does not have it")

    if table(mapping) not in readme:
        errors.append("README.md does not hold the table io/summary_v1_to_v2.json generates "
                      "(print it with: summary_v1_to_v2_test.py io/summary_v1_to_v2.json --table)")

    for e in errors:
        print("FAIL", e)
    if not errors:
        print(f"ok: {len(mapping['rules'])} rules; the converted v1 record matches the v2 writer's")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
