"""The one base of every refusal of input: a data directory the loader cannot use, statutory
returns that cannot be imported, an export with nothing to write, a command line asking for
nothing. The command line catches this class alone, so every command refuses the same way."""

from collections.abc import Sequence


class Refused(Exception):
    """The input as a whole cannot be used; ``messages`` holds one line per problem, each a
    complete sentence for the person who gave the input."""

    def __init__(self, messages: Sequence[str]) -> None:
        self.messages = tuple(messages)
        super().__init__("\n".join(self.messages))
