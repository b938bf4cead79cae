from tests.guidance.fixtures import editor, make_item, shipped_content  # noqa: F401
