"""Regenerate the sample master workbook in inputs/ (deterministic)."""

from pathlib import Path

from zonedocs.samples.company import write_sample

if __name__ == "__main__":
    path = write_sample(Path(__file__).resolve().parents[1] / "inputs")
    print(f"wrote {path}")
