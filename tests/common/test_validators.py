import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from korpu.common.validators import validate_document_upload, validate_image_upload


def png_bytes(size=(8, 8)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, "teal").save(buffer, format="PNG")
    return buffer.getvalue()


def test_real_png_is_accepted():
    upload = SimpleUploadedFile("logo.png", png_bytes(), content_type="image/png")
    assert validate_image_upload(upload) == "image/png"


def test_type_is_judged_by_content_not_name():
    fake = SimpleUploadedFile("logo.png", b"<script>alert(1)</script>", content_type="image/png")
    with pytest.raises(ValidationError) as error:
        validate_image_upload(fake)
    assert error.value.messages == ["This file's content is not an accepted type for images."]


def test_size_limit(settings):
    settings.KORPU_MAX_IMAGE_BYTES = 100
    upload = SimpleUploadedFile("big.png", png_bytes((64, 64)), content_type="image/png")
    with pytest.raises(ValidationError) as error:
        validate_image_upload(upload)
    assert "too large" in error.value.messages[0]


def test_pdf_document_accepted_and_executable_refused():
    pdf = SimpleUploadedFile("m.pdf", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n", "application/pdf")
    assert validate_document_upload(pdf) == "application/pdf"
    exe = SimpleUploadedFile("m.pdf", b"MZ\x90\x00" + b"\x00" * 60, "application/pdf")
    with pytest.raises(ValidationError):
        validate_document_upload(exe)
