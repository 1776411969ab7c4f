"""Business rejections: a stable code and a message in Chinese and English."""


class DomainError(Exception):
    """A command the rules refuse. Nothing is recorded when it is raised."""

    def __init__(self, code: str, zh: str, en: str) -> None:
        super().__init__(f"{zh} / {en}")
        self.code = code
        self.zh = zh
        self.en = en

    def as_details(self) -> dict[str, str]:
        return {"code": self.code, "zh": self.zh, "en": self.en}
