/**
 * Require MFA for users with the Admin role (the Portcullis seed action).
 * @param {Event} event - Details about the user and the context in which they are logging in.
 * @param {PostLoginAPI} api - Interface whose methods can be used to change the behavior of the login.
 */
exports.onExecutePostLogin = async (event, api) => {
  if (event.authorization && event.authorization.roles.includes("Admin")) api.multifactor.enable("any");
};
