// A real OpenID Provider for the sign-in tests: node-oidc-provider (OpenID Certified),
// configured from a JSON file the pytest fixture writes (port, clients, users, tampering).
//
//   node provider.mjs CONFIG.json      prints "ready <issuer>" once it listens on 127.0.0.1
//
// Users sign in on a one-field form (their login name); their claims, acr and amr come
// from the config, so a test decides who has MFA, which groups, which BSN and level.
// Consent is granted at once: the RP under test is the only client a user meets.
//
// `tamper` names clients whose ID tokens a second, small signer rewrites after the
// provider issued them (wrong audience, expired, wrong nonce, wrong issuer, unsigned,
// foreign key), so the tests can show the relying party refuses each one.
import http from 'node:http';
import { readFileSync } from 'node:fs';

import { SignJWT, decodeJwt, decodeProtectedHeader, exportJWK, generateKeyPair, base64url } from 'jose';
import Provider from 'oidc-provider';

const config = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const issuer = `http://127.0.0.1:${config.port}`;

const { privateKey } = await generateKeyPair('RS256', { extractable: true });
const signingJwk = { ...(await exportJWK(privateKey)), kid: 'test-signing-key', alg: 'RS256', use: 'sig' };
const foreign = await generateKeyPair('RS256', { extractable: true });

const escape = (text) => String(text).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
const page = (title, body) => `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>${escape(title)}</title></head>
<body><main><h1>${escape(title)}</h1>${body}</main></body></html>`;

const provider = new Provider(issuer, {
  clients: config.clients,
  jwks: { keys: [signingJwk] },
  cookies: { keys: ['test-only-cookie-key'] },
  // All claims of the granted scopes in the ID token too, as Entra ID and Keycloak do.
  conformIdTokenClaims: false,
  claims: {
    sid: null,
    auth_time: null,
    iss: null,
    // acr and amr with every ID token, as Entra ID and Keycloak send them.
    openid: ['sub', 'acr', 'amr'],
    email: ['email', 'email_verified'],
    profile: ['name', 'given_name', 'family_name'],
    groups: ['groups'],
    bsn: ['bsn'],
  },
  acrValues: config.acrValues ?? [],
  pkce: { required: () => true },
  features: {
    devInteractions: { enabled: false },
    rpInitiatedLogout: {
      enabled: true,
      logoutSource: async (ctx, form) => {
        ctx.body = page('Sign out at the test provider?', `${form}<button type="submit" form="op.logoutForm" name="logout" value="yes">Yes, sign me out</button>`);
      },
    },
  },
  interactions: { url: (ctx, interaction) => `/interaction/${interaction.uid}` },
  findAccount: async (ctx, id) => {
    const user = config.users[id];
    if (!user) return undefined;
    return { accountId: id, claims: async () => ({ sub: id, ...user.claims }) };
  },
  renderError: async (ctx, out) => {
    ctx.type = 'html';
    ctx.body = page('Provider error', `<p>${escape(out.error)}: ${escape(out.error_description ?? '')}</p>`);
  },
  ttl: { AccessToken: 300, AuthorizationCode: 60, IdToken: 300, Interaction: 600, Session: 3600, Grant: 3600 },
});

// -- the second signer: rewrites ID tokens of the clients named in `tamper` ---------------
async function reforge(idToken, mode) {
  const claims = decodeJwt(idToken);
  const now = Math.floor(Date.now() / 1000);
  const header = { alg: 'RS256', kid: decodeProtectedHeader(idToken).kid, typ: 'JWT' };
  let key = privateKey;
  if (mode === 'wrong_audience') claims.aud = 'some-other-client';
  else if (mode === 'expired') Object.assign(claims, { iat: now - 1200, exp: now - 600 });
  else if (mode === 'wrong_nonce') claims.nonce = 'a-nonce-this-sign-in-never-sent';
  else if (mode === 'wrong_issuer') claims.iss = 'http://127.0.0.1:9/not-the-provider';
  else if (mode === 'foreign_key') key = foreign.privateKey;
  else if (mode === 'unsigned') {
    const encode = (part) => base64url.encode(JSON.stringify(part));
    return `${encode({ alg: 'none', typ: 'JWT' })}.${encode(claims)}.`;
  } else throw new Error(`unknown tamper mode ${mode}`);
  return new SignJWT(claims).setProtectedHeader(header).sign(key);
}

provider.use(async (ctx, next) => {
  await next();
  if (ctx.path !== '/token' || ctx.status !== 200 || !ctx.body?.id_token) return;
  const mode = (config.tamper ?? {})[decodeJwt(ctx.body.id_token).aud];
  if (mode) ctx.body = { ...ctx.body, id_token: await reforge(ctx.body.id_token, mode) };
});

// -- interactions: a login form, consent granted at once ------------------------------
async function readForm(req) {
  let body = '';
  for await (const chunk of req) body += chunk;
  return new URLSearchParams(body);
}

async function interaction(req, res) {
  const details = await provider.interactionDetails(req, res);
  const { uid, prompt, params, session } = details;
  if (prompt.name === 'consent') {
    const grant = details.grantId
      ? await provider.Grant.find(details.grantId)
      : new provider.Grant({ accountId: session.accountId, clientId: params.client_id });
    if (prompt.details.missingOIDCScope) grant.addOIDCScope(prompt.details.missingOIDCScope.join(' '));
    if (prompt.details.missingOIDCClaims) grant.addOIDCClaims(prompt.details.missingOIDCClaims);
    const grantId = await grant.save();
    return provider.interactionFinished(req, res, { consent: { grantId } }, { mergeWithLastSubmission: true });
  }
  let error = '';
  if (req.method === 'POST') {
    const form = await readForm(req);
    if (form.has('cancel')) {
      const result = { error: 'access_denied', error_description: 'the user cancelled' };
      return provider.interactionFinished(req, res, result, { mergeWithLastSubmission: false });
    }
    const login = form.get('login') ?? '';
    const user = config.users[login];
    if (user) {
      const result = { login: { accountId: login, acr: user.acr, amr: user.amr } };
      return provider.interactionFinished(req, res, result, { mergeWithLastSubmission: false });
    }
    error = '<p role="alert">Unknown user.</p>';
  }
  res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
  res.end(page('Sign in at the test provider', `${error}<form method="post" action="/interaction/${escape(uid)}">
    <label for="login">Username</label> <input id="login" name="login" autofocus>
    <button type="submit">Sign in at the provider</button>
    <button type="submit" name="cancel" value="1">Cancel</button></form>`));
}

const callback = provider.callback();
const server = http.createServer((req, res) => {
  if (req.url.startsWith('/interaction/')) {
    interaction(req, res).catch((err) => {
      res.writeHead(400, { 'content-type': 'text/plain' });
      res.end(String(err));
    });
    return;
  }
  callback(req, res);
});
server.listen(config.port, '127.0.0.1', () => console.log(`ready ${issuer}`));
for (const signal of ['SIGTERM', 'SIGINT']) process.on(signal, () => server.close(() => process.exit(0)));
