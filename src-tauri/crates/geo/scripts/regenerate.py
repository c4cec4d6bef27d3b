#!/usr/bin/env python3
"""Rebuild src-tauri/crates/geo/data/units.tsv.gz from the pinned `vietnamadminunits` package.

Usage (from the repository root):

    python3 -m venv /tmp/geo-venv
    /tmp/geo-venv/bin/pip install -r src-tauri/crates/geo/scripts/requirements.txt
    /tmp/geo-venv/bin/python src-tauri/crates/geo/scripts/regenerate.py

The package ships its data inside site-packages (`data/dataset.db`, SQLite, and
`data/converter_2025.json`); nothing is fetched from the network. The output is deterministic
(sorted lines, gzip mtime 0), so re-running with the same package version gives a byte-identical
file.

Output format (UTF-8 TSV, one record per line, first field is the record kind):

    #shopdesk-geo  1  <package>  <version>                 header
    P   <code>  <name>                                     2025 province
    W   <code>  <province code>  <name>                    2025 ward / commune / special zone
    LP  <code>  <name>                                     legacy province (63)
    LD  <code>  <province code>  <name>                    legacy district
    LW  <code>  <district code>  <name>                    legacy ward / commune / town
    M   <legacy ward code>  <new code>[*][,<new code>[*]...]
        legacy ward -> 2025 ward(s); one code = whole ward went there; several = the ward was
        split, `*` marks the package's default candidate (exactly one per split ward)
    MD  <legacy district code>  <new code>
        legacy district that had no wards (island districts) -> 2025 special zone

Names are the package's full official names with the unit type as prefix ("Phường Bến Nghé").
Normalisations applied (reported on stdout): the type prefix casing is made consistent
("Thành Phố X" -> "Thành phố X"), runs of spaces are collapsed.
"""

from __future__ import annotations

import gzip
import importlib.metadata
import json
import re
import sqlite3
import sys
from pathlib import Path

PACKAGE = "vietnamadminunits"
PINNED_VERSION = "1.0.4"

CRATE = Path(__file__).resolve().parents[1]
OUT = CRATE / "data" / "units.tsv.gz"

TYPE_PREFIXES = [
    "Thành phố",
    "Thị xã",
    "Thị trấn",
    "Đặc khu",
    "Phường",
    "Huyện",
    "Quận",
    "Tỉnh",
    "Xã",
]

fixes: set[str] = set()


def clean_name(name: str) -> str:
    n = re.sub(r"\s+", " ", name).strip()
    for prefix in TYPE_PREFIXES:
        if n.lower().startswith(prefix.lower() + " ") and not n.startswith(prefix + " "):
            fixed = prefix + n[len(prefix):]
            fixes.add(f"{n!r} -> {fixed!r}")
            n = fixed
    if not any(n.startswith(p + " ") for p in TYPE_PREFIXES):
        raise SystemExit(f"unit name without a known type prefix: {n!r}")
    if "\t" in n or "\n" in n:
        raise SystemExit(f"bad character in {n!r}")
    return n


def main() -> None:
    version = importlib.metadata.version(PACKAGE)
    if version != PINNED_VERSION:
        raise SystemExit(f"{PACKAGE} {version} installed, {PINNED_VERSION} pinned: install the pinned version")
    import vietnamadminunits  # noqa: PLC0415

    pkg_dir = Path(vietnamadminunits.__file__).parent
    db = sqlite3.connect(pkg_dir / "data" / "dataset.db")
    db.row_factory = sqlite3.Row
    new_rows = [dict(r) for r in db.execute("SELECT * FROM admin_units")]
    old_rows = [dict(r) for r in db.execute("SELECT * FROM admin_units_legacy")]
    conv = json.loads((pkg_dir / "data" / "converter_2025.json").read_text(encoding="utf-8"))

    lines: list[str] = []

    # 2025 model
    provinces = {}
    wards = {}
    new_by_key = {}
    for r in new_rows:
        provinces[r["provinceCode"]] = clean_name(r["province"])
        code = r["wardCode"]
        if code in wards:
            raise SystemExit(f"duplicate 2025 ward code {code}")
        wards[code] = (r["provinceCode"], clean_name(r["ward"]))
        new_by_key[(r["provinceKey"], r["wardKey"])] = code
    for code, name in sorted(provinces.items()):
        lines.append(f"P\t{code}\t{name}")
    for code, (prov, name) in sorted(wards.items()):
        lines.append(f"W\t{code}\t{prov}\t{name}")

    # legacy model
    lprov = {}
    ldist = {}
    lward = {}
    old_ward_by_key = {}
    old_district_by_key = {}
    for r in old_rows:
        lprov[r["provinceCode"]] = clean_name(r["province"])
        ldist[r["districtCode"]] = (r["provinceCode"], clean_name(r["district"]))
        if r["wardCode"]:
            if r["wardCode"] in lward:
                raise SystemExit(f"duplicate legacy ward code {r['wardCode']}")
            lward[r["wardCode"]] = (r["districtCode"], clean_name(r["ward"]))
            old_ward_by_key[f"{r['provinceKey']}_{r['districtKey']}_{r['wardKey']}"] = r["wardCode"]
        else:
            old_district_by_key[f"{r['provinceKey']}_{r['districtKey']}_"] = r["districtCode"]
    for code, name in sorted(lprov.items()):
        lines.append(f"LP\t{code}\t{name}")
    for code, (prov, name) in sorted(ldist.items()):
        lines.append(f"LD\t{code}\t{prov}\t{name}")
    for code, (dist, name) in sorted(lward.items()):
        lines.append(f"LW\t{code}\t{dist}\t{name}")

    # legacy -> 2025 mapping, joined from the package's name keys to the official codes
    mapping: dict[str, list[tuple[str, bool]]] = {}
    district_mapping: dict[str, str] = {}
    for prov_key, by_new in conv["DICT_PROVINCE_WARD_NO_DIVIDED"].items():
        for new_key, olds in by_new.items():
            new_code = new_by_key[(prov_key, new_key)]
            for old_key in olds:
                if old_key in old_district_by_key:
                    district_mapping[old_district_by_key[old_key]] = new_code
                    continue
                old_code = old_ward_by_key[old_key]
                if old_code in mapping:
                    raise SystemExit(f"legacy ward {old_code} mapped twice")
                mapping[old_code] = [(new_code, True)]
    for prov_key, by_old in conv["DICT_PROVINCE_WARD_DIVIDED"].items():
        for old_key, news in by_old.items():
            old_code = old_ward_by_key[old_key]
            if old_code in mapping:
                raise SystemExit(f"legacy ward {old_code} mapped twice")
            cands = [(new_by_key[(prov_key, n["newWardKey"])], bool(n["isDefaultNewWard"])) for n in news]
            if sum(1 for _, d in cands if d) != 1:
                raise SystemExit(f"split legacy ward {old_code} without exactly one default")
            mapping[old_code] = sorted(cands)
    missing = sorted(set(lward) - set(mapping))
    if missing:
        raise SystemExit(f"legacy wards without a 2025 ward: {missing[:20]}")
    for old_code, cands in sorted(mapping.items()):
        if len(cands) == 1:
            field = cands[0][0]
        else:
            field = ",".join(c + ("*" if d else "") for c, d in cands)
        lines.append(f"M\t{old_code}\t{field}")
    for dist, new_code in sorted(district_mapping.items()):
        lines.append(f"MD\t{dist}\t{new_code}")

    header = f"#shopdesk-geo\t1\t{PACKAGE}\t{version}"
    text = header + "\n" + "\n".join(lines) + "\n"
    OUT.parent.mkdir(parents=True, exist_ok=True)
    with open(OUT, "wb") as raw:
        with gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=0, compresslevel=9) as gz:
            gz.write(text.encode("utf-8"))

    split = sum(1 for c in mapping.values() if len(c) > 1)
    print(f"{PACKAGE} {version}")
    print(f"2025: {len(provinces)} provinces, {len(wards)} wards")
    print(f"legacy: {len(lprov)} provinces, {len(ldist)} districts, {len(lward)} wards")
    print(f"mapping: {len(mapping)} legacy wards ({split} split), {len(district_mapping)} ward-less districts")
    print(f"type-prefix casing fixes: {len(fixes)} distinct names")
    for f in sorted(fixes):
        print("  " + f)
    print(f"wrote {OUT.relative_to(CRATE)} ({OUT.stat().st_size} bytes, {len(text.encode('utf-8'))} uncompressed)")


if __name__ == "__main__":
    sys.exit(main())
