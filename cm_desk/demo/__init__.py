"""A realistic demo workspace: mail, mentions, promises and escalations in three languages.

Built through the same paths as real data (parser, importer, triage use
cases), so the demo is also a broad smoke test of them.
"""

from cm_desk.demo.build import DemoSummary, build_demo

__all__ = ["DemoSummary", "build_demo"]
