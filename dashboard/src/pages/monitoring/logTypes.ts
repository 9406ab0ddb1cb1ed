// Tenant log event codes (Auth0's vocabulary) with the dashboard's wording and tone.

type Tone = "success" | "danger" | "warning" | "info" | "neutral";

export const LOG_TYPES: Record<string, { label: string; tone: Tone }> = {
  s: { label: "Success Login", tone: "success" },
  f: { label: "Failed Login", tone: "danger" },
  fp: { label: "Failed Login (Incorrect Password)", tone: "danger" },
  fu: { label: "Failed Login (Invalid Email/Username)", tone: "danger" },
  w: { label: "Warning During Login", tone: "warning" },
  ss: { label: "Success Signup", tone: "success" },
  fs: { label: "Failed Signup", tone: "danger" },
  slo: { label: "Success Logout", tone: "info" },
  flo: { label: "Failed Logout", tone: "danger" },
  seacft: { label: "Success Exchange (Authorization Code)", tone: "success" },
  feacft: { label: "Failed Exchange (Authorization Code)", tone: "danger" },
  seccft: { label: "Success Exchange (Client Credentials)", tone: "success" },
  feccft: { label: "Failed Exchange (Client Credentials)", tone: "danger" },
  sertft: { label: "Success Exchange (Refresh Token)", tone: "success" },
  fertft: { label: "Failed Exchange (Refresh Token)", tone: "danger" },
  sepft: { label: "Success Exchange (Password)", tone: "success" },
  fepft: { label: "Failed Exchange (Password)", tone: "danger" },
  scp: { label: "Success Change Password", tone: "success" },
  fcp: { label: "Failed Change Password", tone: "danger" },
  scpr: { label: "Success Change Password Request", tone: "info" },
  fcpr: { label: "Failed Change Password Request", tone: "danger" },
  sapi: { label: "Success API Operation", tone: "info" },
  fapi: { label: "Failed API Operation", tone: "danger" },
  limit_wc: { label: "Blocked Account", tone: "danger" },
  limit_mu: { label: "Blocked IP Address", tone: "danger" },
  api_limit: { label: "API Rate Limit", tone: "warning" },
  mfar: { label: "MFA Required", tone: "info" },
  actions_execution_failed: { label: "Actions Execution Failed", tone: "danger" },
  gd_start_auth: { label: "MFA Challenge Started", tone: "info" },
  gd_auth_succeed: { label: "MFA Challenge Succeeded", tone: "success" },
  gd_auth_failed: { label: "MFA Challenge Failed", tone: "danger" },
  gd_start_enroll: { label: "MFA Enrollment Started", tone: "info" },
  gd_enrollment_complete: { label: "MFA Enrollment Complete", tone: "success" },
  gd_start_enroll_failed: { label: "MFA Enrollment Failed", tone: "danger" },
  gd_recovery_succeed: { label: "MFA Recovery Succeeded", tone: "success" },
  gd_recovery_failed: { label: "MFA Recovery Failed", tone: "danger" },
  gd_unenroll: { label: "MFA Unenrolled", tone: "warning" },
  gd_tenant_update: { label: "MFA Settings Updated", tone: "info" },
};

export function logTypeLabel(type: string): string {
  return LOG_TYPES[type]?.label ?? type;
}

export function logTypeTone(type: string): Tone {
  return LOG_TYPES[type]?.tone ?? "neutral";
}

/** Codes counted by the activity chart. */
export const SUCCESS_LOGIN = ["s"];
export const FAILED_LOGIN = ["f", "fp", "fu", "limit_wc", "limit_mu"];
export const SIGNUP = ["ss"];
