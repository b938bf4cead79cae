"""Public content: guidance articles (incl. 办事指南 service guides), notices and policy documents.

Models, revisions, Markdown rendering, search and the shipped-content loader; no routes here.
"""
