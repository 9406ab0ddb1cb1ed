exports.onExecuteCredentialsExchange = async (event, api) => {
  api.accessToken.setCustomClaim('https://acceptance.test/tier', 'machine');
};
