"""The rules engine of the Leuven Helpt digital assistant.

Pure Python (no Django): it reads a ``leuvenhelpt-catalogue/1`` document (see
``docs/assistant-engine.md`` and the catalogue format), validates and compiles
its rules, and evaluates them with three-valued logic to tell which products
apply, which do not, which are undecided and which question to ask next.

Typical use::

    catalogue = parse_catalogue(load_catalogue_text(text))  # CatalogueError lists every problem
    evaluation = catalogue.evaluate({"lives_in_leuven": True})  # AnswerError for invalid answers
    evaluation.as_dict()  # {"applies": [...], ..., "next_question": "age"}
    catalogue.explain("sociaal-tarief-ouderen", answers)  # ["Woont u in Leuven? Ja", ...]

See ``docs/assistant-engine.md`` for the semantics and the decisions taken
where the catalogue format is silent.
"""

from .catalogue import CaseMismatch, CaseResult, Catalogue, parse_catalogue
from .describe import describe_rule
from .document import FORMAT, Case, Option, Product, Question, dump_catalogue_text, load_catalogue_text
from .errors import AnswerError, AnswerProblem, CatalogueError
from .evaluate import Evaluation
from .rules import UNKNOWN

__all__ = [
    "FORMAT",
    "UNKNOWN",
    "AnswerError",
    "AnswerProblem",
    "Case",
    "CaseMismatch",
    "CaseResult",
    "Catalogue",
    "CatalogueError",
    "Evaluation",
    "Option",
    "Product",
    "Question",
    "describe_rule",
    "dump_catalogue_text",
    "load_catalogue_text",
    "parse_catalogue",
]
