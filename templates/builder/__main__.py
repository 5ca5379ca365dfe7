"""Build every default template: `uv run python -m templates.builder`."""

from __future__ import annotations

from .archive import build_closing, build_cover, build_zone_table
from .assessment import build_annual, build_quarterly
from .card import build_card, build_ledger, build_pledge, build_sign
from .opinion import build as build_opinion

BUILDERS = (build_opinion, build_card, build_pledge, build_sign, build_ledger, build_quarterly,
            build_annual, build_cover, build_closing, build_zone_table)


def main() -> None:
    for build in BUILDERS:
        build()
    print("templates rebuilt")


if __name__ == "__main__":
    main()
