"""`python -m gridscore`: the same command line where Python's Scripts folder is not on PATH."""

from gridscore.cli import main

if __name__ == "__main__":
    main()
