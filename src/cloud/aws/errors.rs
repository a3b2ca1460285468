//! Turning SDK errors into [`CloudError`]s that resource verbs can act on and users can read.

use aws_smithy_runtime_api::client::result::SdkError;
use aws_smithy_types::error::display::DisplayErrorContext;
use aws_smithy_types::error::metadata::ProvideErrorMetadata;

use crate::cloud::{CloudError, ErrorKind};

/// Classifies an AWS error code (and message, for the few codes AWS overloads).
pub fn classify(code: &str, message: &str) -> ErrorKind {
    match code {
        // SNS says `NotFound`; Organizations says an account outside any organization is
        // `AWSOrganizationsNotInUseException`.
        "NoSuchEntity"
        | "NoSuchEntityException"
        | "ResourceNotFoundException"
        | "NotFoundException"
        | "NotFound"
        | "AWSOrganizationsNotInUseException" => ErrorKind::NotFound,
        "EntityAlreadyExists" | "ResourceAlreadyExistsException" | "AlreadyExistsException" => ErrorKind::AlreadyExists,
        // IAM answers an existing service-linked role with InvalidInput "... has been taken ...".
        "InvalidInput" if message.contains("has been taken") => ErrorKind::AlreadyExists,
        // Inspector v2 answers a filter name in use with BadRequestException "... already exists"
        // (GuardDuty a second detector); GuardDuty a detector that is not there with "... not
        // owned by the current account".
        "BadRequestException" if message.contains("already exists") => ErrorKind::AlreadyExists,
        "BadRequestException" if message.contains("not owned by the current account") => ErrorKind::NotFound,
        // Security Hub answers every call of a region where it is not enabled this way: what
        // the call asks for does not exist.
        "InvalidAccessException" if message.contains("not subscribed to AWS Security Hub") => ErrorKind::NotFound,
        "ResourceConflictException" if message.contains("already subscribed") => ErrorKind::AlreadyExists,
        "DeleteConflict" | "ConcurrentModificationException" | "AssessmentRunInProgressException" => {
            ErrorKind::Conflict
        }
        "AccessDenied"
        | "AccessDeniedException"
        | "UnauthorizedOperation"
        | "UnauthorizedAccess"
        | "AuthorizationError"
        | "NotAuthorizedException" => ErrorKind::AccessDenied,
        "ValidationError"
        | "ValidationException"
        | "InvalidInput"
        | "InvalidInputException"
        | "MalformedPolicyDocument"
        | "LimitExceeded"
        | "LimitExceededException"
        | "InvalidEventPatternException"
        | "InvalidParameter"
        | "InvalidParameterValue"
        // KMS's
        | "MalformedPolicyDocumentException"
        | "InvalidAliasNameException"
        | "InvalidArnException"
        | "TagException"
        | "UnsupportedOperationException" => ErrorKind::Invalid,
        _ => ErrorKind::Other,
    }
}

/// Converts an SDK error of `service:operation` (on `resource`, when known) to a CloudError.
/// AccessDenied messages name the action and resource, so the user knows which permission to
/// add; Inspector Classic failures say it reached end of support when that is the likely cause.
pub fn cloud_error<E, R>(
    service: &'static str,
    operation: &'static str,
    resource: Option<&str>,
    err: SdkError<E, R>,
) -> CloudError
where
    E: ProvideErrorMetadata + std::error::Error + Send + Sync + 'static,
    R: std::fmt::Debug + Send + Sync + 'static,
{
    let (code, message) = match &err {
        SdkError::ServiceError(se) => {
            let e = se.err();
            (e.code().unwrap_or("Unknown").to_string(), e.message().unwrap_or("").to_string())
        }
        SdkError::TimeoutError(_) => {
            ("Timeout".to_string(), "the request timed out (after the SDK's retries)".to_string())
        }
        SdkError::DispatchFailure(_) => ("DispatchFailure".to_string(), DisplayErrorContext(&err).to_string()),
        _ => ("ResponseError".to_string(), DisplayErrorContext(&err).to_string()),
    };
    let mut kind = classify(&code, &message);
    let mut message = message;
    if kind == ErrorKind::AccessDenied {
        let on = resource.map(|r| format!(" on {r}")).unwrap_or_default();
        message = format!("{message} (the caller needs permission {service}:{operation}{on})");
    }
    if matches!(
        code.as_str(),
        "Throttling" | "ThrottlingException" | "TooManyRequestsException" | "RequestLimitExceeded"
    ) {
        message = format!("{message} (AWS kept throttling after the SDK's retries with backoff; try again later or lower --parallelism)");
    }
    if service == "inspector" && kind != ErrorKind::NotFound && inspector_retired(&code, &message) {
        kind = ErrorKind::Other;
        message = format!(
            "{message}. Amazon Inspector Classic reached end of support on 2026-05-20 and is not available in this \
             region or account; move to Amazon Inspector (inspector2)"
        );
    }
    CloudError { service, operation, code, message, kind }
}

/// True when an Inspector Classic failure most likely means the service is gone here. A plain
/// connection failure is not taken as that: it has many other causes.
fn inspector_retired(code: &str, message: &str) -> bool {
    let m = message.to_ascii_lowercase();
    matches!(code, "UnrecognizedClientException" | "SubscriptionRequiredException" | "UnknownOperationException")
        || m.contains("end of support")
        || m.contains("no longer available")
        || m.contains("not supported in this region")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_map_to_kinds() {
        assert_eq!(classify("NoSuchEntity", ""), ErrorKind::NotFound);
        assert_eq!(
            classify("InvalidInput", "Service role name X has been taken in this account"),
            ErrorKind::AlreadyExists
        );
        assert_eq!(classify("InvalidInput", "bad"), ErrorKind::Invalid);
        assert_eq!(classify("AccessDeniedException", ""), ErrorKind::AccessDenied);
        let gone = "The request is rejected because the input detectorId is not owned by the current account.";
        assert_eq!(classify("BadRequestException", gone), ErrorKind::NotFound);
        assert_eq!(classify("Whatever", ""), ErrorKind::Other);
    }
}
