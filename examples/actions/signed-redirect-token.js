// Sends the user's id to an external service as a short-lived signed token (HS256), using the
// `jsonwebtoken` package from npm. Test it locally:
//   portcullis actions test examples/actions/signed-redirect-token.js \
//     --secret SIGNING_KEY=change-me --dependency jsonwebtoken@9.0.2
const jwt = require("jsonwebtoken");

exports.onExecutePostLogin = async (event, api) => {
  const token = jwt.sign({ sub: event.user.user_id, email: event.user.email }, event.secrets.SIGNING_KEY, {
    expiresIn: "5m",
    issuer: "portcullis-action",
  });
  api.idToken.setCustomClaim("https://example.com/handoff", token);
};
