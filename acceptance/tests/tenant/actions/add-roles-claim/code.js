exports.onExecutePostLogin = async (event, api) => {
  const roles = (event.authorization && event.authorization.roles) || [];
  api.idToken.setCustomClaim('https://acceptance.test/roles', roles);
  api.accessToken.setCustomClaim('https://acceptance.test/roles', roles);
};
