"""Regenerate examples/demo (or OUT_DIR): python examples/make_demo.py [OUT_DIR]"""

import sys
from pathlib import Path

from gridscore.demo import build

if __name__ == "__main__":
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).resolve().parent / "demo"
    print(build(out))
