"""The participant's certificates, the PDF download (holder and staff only) and the public verification."""

import hashlib
import logging
from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.views.decorators.http import require_GET

from certificates import signing
from certificates.documents import period_text
from certificates.forms import VerificationLookupForm
from certificates.models import Certificate
from certificates.selectors import QrCheck, can_download, certificate_with_code, certificates_of, check_payload

logger = logging.getLogger(__name__)


@login_required
def my_certificates(request: HttpRequest) -> HttpResponse:
    return render(request, "certificates/my_certificates.html", {"certificates": certificates_of(request.user)})


@require_GET
@login_required
def download(request: HttpRequest, code: str) -> HttpResponse:
    """The stored bytes, never re-rendered. The holder of a revoked certificate is told why it is refused;
    anyone else gets "not found", so codes reveal nothing."""
    certificate = Certificate.objects.filter(code=code).exclude(pdf="").first()
    if certificate is None or not can_download(request.user, certificate):
        if certificate is not None and certificate.holder_id == request.user.pk:
            return render(request, "certificates/download_revoked.html", {"certificate": certificate}, status=403)
        raise Http404
    pdf = _sealed_pdf(certificate)
    if pdf is None:
        return render(request, "certificates/download_unavailable.html", {"certificate": certificate}, status=503)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{certificate.download_filename}"'
    response["Cache-Control"] = "private, no-store"
    return response


def _sealed_pdf(certificate: Certificate) -> bytes | None:
    """The stored bytes, or None when storage is lost or unreachable or they are not the sealed ones (truncated or
    altered on the disk). The holder is then told, the office finds it in the log (the bytes are sealed, so they
    are restored from a backup rather than rendered again)."""
    try:
        with certificate.pdf.open("rb") as handle:
            pdf = handle.read()
    except OSError:
        logger.exception("certificate %s: stored PDF unreadable (%s)", certificate.number, certificate.pdf.name)
        return None
    if hashlib.sha256(pdf).hexdigest() != certificate.sha256:
        logger.error("certificate %s: stored PDF does not match its SHA-256 (%s)", certificate.number,
                     certificate.pdf.name)
        return None
    return pdf


@require_GET
def verify_lookup(request: HttpRequest) -> HttpResponse:
    form = VerificationLookupForm(request.GET or None)
    if form.is_valid():
        return redirect("certificate_verify", code=form.cleaned_data["code"])
    return render(request, "certificates/verify_lookup.html", {"form": form})


@require_GET
def verify(request: HttpRequest, code: str) -> HttpResponse:
    """Status, holder's name, what and when; nothing else about the person. ``?p=`` (from the QR code)
    is checked against the signature and the record: when it fails either, the page says first that the
    document is not genuine, and gives the record only for comparison."""
    certificate = certificate_with_code(code)
    if certificate is None:
        return render(request, "certificates/verify_not_found.html", {"form": VerificationLookupForm()}, status=404)
    qr_check = check_payload(request.GET["p"], certificate) if "p" in request.GET else None
    return render(request, "certificates/verify.html", {
        "certificate": certificate, "status": certificate.status, "period": period_text(certificate, translation.get_language()),
        "qr_check": qr_check, "not_genuine": qr_check in (QrCheck.INVALID, QrCheck.MISMATCH),
        "public_keys_url": reverse("certificate_public_keys"),
    })


@require_GET
def verify_scanned(request: HttpRequest, payload: str) -> HttpResponse:
    """The QR code's address: the verification page of the certificate the payload names, in the visitor's
    language, with the payload to check there (a forged one is shown as not genuine). An unreadable payload is a
    bad request rather than "not found", which would send the visitor to the same address under a language prefix."""
    try:
        code = signing.unverified_claims(payload).code
    except signing.InvalidPayload:
        return render(request, "certificates/verify_unreadable.html", {"form": VerificationLookupForm()}, status=400)
    return redirect(f"{reverse('certificate_verify', kwargs={'code': code})}?{urlencode({'p': payload})}")


@require_GET
def public_key(request: HttpRequest) -> HttpResponse:
    return HttpResponse(signing.public_key_pem(), content_type="application/x-pem-file; charset=utf-8")


@require_GET
def public_keys(request: HttpRequest) -> HttpResponse:
    """The current key and those it replaced: what an offline check of any certificate ever issued needs."""
    return HttpResponse(signing.public_keys_pem(), content_type="application/x-pem-file; charset=utf-8")
