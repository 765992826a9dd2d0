from certificates.models.certificates import Certificate, CertificateDecision, CertificateSequence
from certificates.models.runs import IssuingRun
from certificates.models.templates import CertificateLogo, CertificateSignature, CertificateTemplate

__all__ = [
    "Certificate", "CertificateDecision", "CertificateLogo", "CertificateSequence", "CertificateSignature",
    "CertificateTemplate", "IssuingRun",
]
