"""Errors with a stable code and a message in Chinese and English: business rejections
(`DomainError`) and the payloads the codec cannot decode (runtime/codec.py `CodecError`)."""


class CodedError(Exception):
    """A stable code, the message in Chinese and English, and the two as the error's text."""

    def __init__(self, code: str, zh: str, en: str) -> None:
        super().__init__(f"{zh} / {en}")
        self.code = code
        self.zh = zh
        self.en = en


class DomainError(CodedError):
    """A command the rules refuse. Nothing is recorded when it is raised."""

    def as_details(self) -> dict[str, str]:
        return {"code": self.code, "zh": self.zh, "en": self.en}
