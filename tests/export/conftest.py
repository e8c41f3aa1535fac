from tests.story.conftest import story_case  # noqa: F401  (the same small real case)
