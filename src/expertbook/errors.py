"""The AppError family and the one error envelope every failure answers with."""

import logging
import uuid
from collections.abc import Sequence
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel
from sqlalchemy.exc import DBAPIError, InterfaceError, OperationalError
from sqlalchemy.exc import TimeoutError as SQLAlchemyTimeoutError
from starlette.exceptions import HTTPException as StarletteHTTPException

from expertbook.kit.i18n import DEFAULT_LANGUAGE, N_, Message, Words, request_language, words
from expertbook.kit.validation_messages import label, sentence

logger = logging.getLogger("expertbook")


class AppError(Exception):
    """An answer for people: `message` is English with `{name}` placeholders for `values`
    (or a Message), answered in the request's language."""

    status_code = 400
    code = "bad_request"
    message = N_("The request could not be processed.")

    def __init__(
        self,
        message: str | None = None,
        *,
        code: str | None = None,
        details: Any = None,
        headers: dict[str, str] | None = None,
        **values: object,
    ) -> None:
        self.sentence = (
            message if isinstance(message, Message) else Message(message or self.message, **values)
        )
        self.message = str(self.sentence)
        self.code = code or self.code
        self.details = details
        self.headers = headers
        super().__init__(self.message)

    def in_words(self, language: Words) -> str:
        return self.sentence.in_words(language)

    def details_in_words(self, language: Words) -> Any:
        """The details, their sentences (a list of {field, message}) in `language` too."""
        if not isinstance(self.details, list):
            return self.details
        return [_detail_in_words(item, language) for item in self.details]


def _detail_in_words(item: Any, language: Words) -> Any:
    message = item.get("message") if isinstance(item, dict) else None
    if isinstance(message, Message):
        return {**item, "message": message.in_words(language)}
    if isinstance(message, str):  # a message marked N_
        return {**item, "message": language._(message)}
    return item


class Unauthorized(AppError):
    status_code = 401
    code = "unauthorized"
    message = N_("Authentication required.")


class Forbidden(AppError):
    status_code = 403
    code = "forbidden"
    message = N_("You are not allowed to do this.")


class NotFound(AppError):
    status_code = 404
    code = "not_found"
    message = N_("Not found.")


class Conflict(AppError):
    status_code = 409
    code = "conflict"
    message = N_("The request conflicts with the current state.")


class SlotTaken(Conflict):
    code = "slot_taken"
    message = N_("That time was just taken. Please pick another.")


class LimitReached(Conflict):
    code = "limit_reached"
    message = N_("This day or week is fully booked. Please pick another day.")


class Gone(AppError):
    status_code = 410
    code = "gone"
    message = N_("This is no longer available.")


class Unprocessable(AppError):
    status_code = 422
    code = "validation_error"
    message = N_("The request is invalid.")


class SlotUnavailable(Unprocessable):
    code = "slot_unavailable"
    message = N_("That time is not available for booking.")


class TooManyRequests(AppError):
    status_code = 429
    code = "too_many_attempts"
    message = N_("Too many attempts. Try again later.")


class ServiceUnavailable(AppError):
    status_code = 503
    code = "service_unavailable"
    message = N_("ExpertBook is briefly unavailable. Please try again in a few seconds.")


RETRY_AFTER_SECONDS = 5


def is_unavailable(error: BaseException) -> bool:
    """Whether the error means a dependency (the database) cannot answer now: refused or
    lost connections, time-outs, an exhausted pool; not a bad statement or bad data."""
    if isinstance(error, SQLAlchemyTimeoutError | OSError):  # TimeoutError is an OSError
        return True
    if isinstance(error, DBAPIError):
        return error.connection_invalidated or isinstance(error, OperationalError | InterfaceError)
    return False


class ErrorBody(BaseModel):
    code: str
    message: str
    details: Any = None


class ErrorResponse(BaseModel):
    """The one shape of every error."""

    error: ErrorBody


def error_responses(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """`responses=` for a route: the error envelope under each status it can answer."""
    return {status: {"model": ErrorResponse} for status in statuses}


VARY_LANGUAGE = {"Vary": "Accept-Language"}


def envelope(
    status: int, code: str, message: str, details: Any = None, headers: dict[str, str] | None = None
) -> JSONResponse:
    body = {"error": {"code": code, "message": message, "details": details}}
    # Its message is in the language asked for: a cache must not give it to another.
    return JSONResponse(body, status_code=status, headers={**(headers or {}), **VARY_LANGUAGE})


_HTTP_CODES = {
    400: ("bad_request", N_("The request could not be processed.")),
    401: ("unauthorized", N_("Authentication required.")),
    403: ("forbidden", N_("You are not allowed to do this.")),
    404: ("not_found", N_("Not found.")),
    405: ("method_not_allowed", N_("This method is not allowed here.")),
    413: ("payload_too_large", N_("The request body is too large.")),
    415: ("unsupported_media_type", N_("Unsupported media type.")),
}
MALFORMED_JSON = N_("The request body is not valid JSON.")


def validation_error_body(errors: Sequence[Any], language: Words | None = None) -> dict[str, Any]:
    """The envelope's `error` for pydantic's errors: a sentence per field, and a summary,
    in `language` (English unless given)."""
    language = language or words(DEFAULT_LANGUAGE)
    located = [
        (".".join(str(part) for part in err.get("loc", ()) if part != "body"), err)
        for err in errors
    ]
    details = [
        {"field": field, "message": sentence(field, err), "type": err.get("type")}
        for field, err in located
    ]
    return {
        "code": "validation_error",
        "message": _summary(details).in_words(language),
        "details": [{**item, "message": item["message"].in_words(language)} for item in details],
    }


def _summary(details: list[dict[str, Any]]) -> Message:
    if len(details) == 1:
        message: Message = details[0]["message"]
        return message
    fields = list(dict.fromkeys(label(d["field"]) for d in details if d["field"]))
    if not fields:
        return Message(Unprocessable.message)
    return Message("Please correct these fields: {fields}.", fields=", ".join(fields))


def install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(AppError)
    async def _app_error(request: Request, exc: AppError) -> JSONResponse:
        language = words(request_language(request))
        message, details = exc.in_words(language), exc.details_in_words(language)
        return envelope(exc.status_code, exc.code, message, details, exc.headers)

    @app.exception_handler(RequestValidationError)
    async def _validation(request: Request, exc: RequestValidationError) -> JSONResponse:
        errors = exc.errors()
        if any(err.get("type") == "json_invalid" for err in errors):
            message = words(request_language(request))._(MALFORMED_JSON)
            return envelope(422, "malformed_json", message)
        body = validation_error_body(errors, words(request_language(request)))
        return envelope(422, body["code"], body["message"], body["details"])

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        language = words(request_language(request))
        if exc.status_code == 400:  # FastAPI could not read the body (e.g. invalid UTF-8)
            return envelope(422, "malformed_json", language._(MALFORMED_JSON))
        code, message = _HTTP_CODES.get(exc.status_code, ("http_error", str(exc.detail)))
        headers = getattr(exc, "headers", None)
        return envelope(exc.status_code, code, language._(message), headers=headers)

    async def _unavailable_or_unexpected(request: Request, exc: Exception) -> JSONResponse:
        if not is_unavailable(exc):
            return await _unexpected(request, exc)
        request.app.state.database.report_unavailable(exc)
        # Built apart: `make messages` takes the first string in an error's call as its message.
        retry = {"Retry-After": str(RETRY_AFTER_SECONDS)}
        error = ServiceUnavailable(headers=retry)
        message = error.in_words(words(request_language(request)))
        return envelope(error.status_code, error.code, message, headers=error.headers)

    # Registered by class, so that Starlette answers them without logging a traceback.
    for error_class in (DBAPIError, SQLAlchemyTimeoutError, OSError):
        app.add_exception_handler(error_class, _unavailable_or_unexpected)

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, exc: Exception) -> JSONResponse:
        request_id = getattr(request.state, "request_id", None) or uuid.uuid4().hex
        logger.exception(
            "unhandled error (request id %s)",
            request_id,
            exc_info=exc,
            extra={"request_id": request_id, "method": request.method, "path": request.url.path},
        )
        return envelope(
            500,
            "internal_error",
            words(request_language(request))._(N_("Something went wrong on our side.")),
            {"requestId": request_id},
            headers={"X-Request-ID": request_id},
        )
