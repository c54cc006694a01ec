"""Regenerate examples/demo and the package's copy of it (gridscore/demo/demo.tar.xz, what
`gridscore init` writes): python examples/make_demo.py. With OUT_DIR, only that folder:
python examples/make_demo.py OUT_DIR"""

import sys
from pathlib import Path

from gridscore.demo import build, shipped

if __name__ == "__main__":
    here = Path(__file__).resolve().parent
    if len(sys.argv) > 1:
        print(build(Path(sys.argv[1])))
    else:
        print(build(here / "demo", archive=here.parent / "gridscore" / "demo" / shipped.ARCHIVE))
