function addScopesAndRoles(user, context, callback) {
  const namespace = 'https://example.com/';
  user.app_metadata = user.app_metadata || {};
  const requested = (user.user_metadata && user.user_metadata.scopes) || [];
  const scopes = (context.accessToken.scope || '').split(' ').filter(Boolean);
  context.accessToken.scope = scopes.concat(requested).join(' ');
  context.idToken[namespace + 'roles'] = user.app_metadata.roles || [];
  context.idToken[namespace + 'email'] = user.email;
  if (context.request.query && context.request.query.prompt_mfa === 'false') {
    return callback(null, user, context);
  }
  context.multifactor = { provider: 'any', allowRememberBrowser: false };
  callback(null, user, context);
}
