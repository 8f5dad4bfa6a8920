"""``python -m connector_lab.cli`` — the same as the ``connector-lab`` script."""

from . import main

if __name__ == "__main__":
    main()
