(() => {
  'use strict';
  // A public client (RFC 6749 §2.1) running entirely in this page. Tokens live only in the variables of this
  // closure: never in localStorage, sessionStorage or a cookie, so a reload forgets them. sessionStorage holds
  // the PKCE verifier, state and nonce for the one round trip to the AuthServer (this page is reloaded by the
  // redirect) and is emptied as soon as the callback reads them.
  const main = document.getElementById('main');
  const config = {
    authority: main.dataset.authority,
    clientId: main.dataset.clientId,
    scope: main.dataset.scope,
    redirectUri: main.dataset.redirectUri,
    api: main.dataset.api,
    home: main.dataset.home,
  };
  const PENDING = 'oauthsuite.spa.pending';
  let metadata = null;
  let tokens = null;
  let replaced = null;

  // ---- small helpers -------------------------------------------------------------------------------------------
  const $ = id => document.getElementById(id);
  const el = (tag, attributes, ...children) => {
    const node = document.createElement(tag);
    for (const [name, value] of Object.entries(attributes || {})) {
      if (value !== undefined && value !== null) node.setAttribute(name, value);
    }
    for (const child of children.flat(Infinity)) {
      if (child !== undefined && child !== null) node.append(child instanceof Node ? child : String(child));
    }
    return node;
  };
  const b64url = bytes => btoa(String.fromCharCode(...new Uint8Array(bytes))).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
  const unb64url = text => Uint8Array.from(atob(text.replace(/-/g, '+').replace(/_/g, '/') + '='.repeat((4 - text.length % 4) % 4)), c => c.charCodeAt(0));
  const random = bytes => b64url(crypto.getRandomValues(new Uint8Array(bytes)));
  const sha256 = async text => b64url(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text)));
  const jwtPart = (jwt, index) => JSON.parse(new TextDecoder().decode(unb64url(jwt.split('.')[index])));
  const SECRET_NAMES = new Set(['code', 'code_verifier', 'access_token', 'refresh_token', 'id_token']);
  // Start and end: JWTs all begin alike, and the end is what tells two tokens apart.
  const cut = value => typeof value === 'string' && value.length > 24 ? value.slice(0, 8) + '…' + value.slice(-6) : value;
  const secret = note => [el('span', { class: 'secret' }, 'secret'), note ? el('small', {}, note) : null];

  const fields = (rows, heading, id) => el('div', { class: 'table' }, el('table', { id },
    el('thead', {}, el('tr', {}, el('th', { scope: 'col' }, heading || 'Name'), el('th', { scope: 'col' }, 'Value'))),
    el('tbody', {}, rows.map(([name, value, note, isSecret]) => el('tr', {},
      el('th', { scope: 'row' }, el('code', {}, name)),
      el('td', {}, el('code', {}, isSecret ? cut(value) : String(value)), isSecret ? secret(note) : (note ? el('small', {}, note) : null)))))));

  const checks = (rows, id) => el('div', { class: 'table' }, el('table', { id },
    el('thead', {}, el('tr', {}, ['Result', 'Rule', 'Expected', 'Received'].map(h => el('th', { scope: 'col' }, h)))),
    el('tbody', {}, rows.map(c => el('tr', { 'data-passed': String(c.passed) },
      el('td', { class: c.passed ? 'pass' : 'fail' }, c.passed ? '✓ pass' : '✗ fail'),
      el('td', {}, c.rule), el('td', {}, el('code', {}, String(c.expected))), el('td', {}, el('code', {}, String(c.actual))))))));

  const shown = json => JSON.stringify(json, (key, value) => SECRET_NAMES.has(key) ? cut(value) : value, 2);

  // ---- the steps' cards ----------------------------------------------------------------------------------------
  const LABELS = { waiting: 'waiting', done: '✓ done', failed: '✗ failed', 'not-run': 'not run' };
  const setState = (step, state) => {
    for (const node of [$('step-' + step), $('progress-' + step)]) {
      node.classList.remove('waiting', 'done', 'failed', 'not-run');
      node.classList.add(state);
      node.querySelector('.state').textContent = LABELS[state];
    }
  };
  const show = (step, ...nodes) => $('step-' + step + '-result').replaceChildren(...nodes);
  const add = (step, ...nodes) => $('step-' + step + '-result').append(...nodes);
  const alert = text => el('div', { class: 'alert', role: 'alert' }, text);
  const success = (text, id) => el('div', { class: 'success', role: 'status', id }, text);

  /** One cross-origin request, recorded so that its card can show what went out and what came back. */
  const send = async (purpose, method, url, { form, bearer } = {}) => {
    const headers = {};
    if (bearer) headers.Authorization = 'Bearer ' + bearer;
    // credentials: 'omit' — the AuthServer's sign-in cookie must never ride along; a public client proves itself
    // with PKCE and bearer tokens only.
    const init = { method, headers, credentials: 'omit', cache: 'no-store', redirect: 'error' };
    if (form) init.body = new URLSearchParams(form);
    const started = performance.now();
    const record = { purpose, method, url, form, bearer };
    try {
      const response = await fetch(url, init);
      record.status = response.status;
      record.statusText = response.statusText;
      record.ok = response.ok;
      record.allowOrigin = response.headers.get('Access-Control-Allow-Origin');
      record.wwwAuthenticate = response.headers.get('WWW-Authenticate');
      record.text = await response.text();
      try { record.json = JSON.parse(record.text); } catch { record.json = null; }
    } catch (error) {
      record.failure = error.message + ' — a CORS refusal looks like this: the browser hides the response from the page.';
    }
    record.ms = Math.round(performance.now() - started);
    return record;
  };

  const exchange = (record, statusId) => el('div', { class: 'exchange' + (record.ok ? '' : ' failed') },
    el('p', { class: 'purpose' }, record.purpose),
    el('p', { class: 'request-line' }, '→ ', el('span', { class: 'method' }, record.method), ' ', el('code', {}, record.url)),
    el('details', {}, el('summary', {}, 'Request headers'), fields([
      ['Origin', location.origin, 'Sent by the browser; the server answers CORS only for registered origins.'],
      ...(record.bearer ? [['Authorization', 'Bearer ' + record.bearer, 'The access token, from this page\'s memory.', true]] : []),
      ...(record.form ? [['Content-Type', 'application/x-www-form-urlencoded']] : []),
    ], 'Header')),
    record.form ? [el('h4', {}, 'Form body'), fields(Object.entries(record.form).map(([k, v]) => [k, v, k === 'client_id' ? 'No client secret: a page cannot keep one.' : null, SECRET_NAMES.has(k)]), 'Parameter')] : null,
    record.failure
      ? el('p', { class: 'status fail', id: statusId }, 'No response: ' + record.failure)
      : [
        el('p', { class: 'status ' + (record.ok ? 'pass' : 'fail'), id: statusId }, '← ' + record.status + ' ' + record.statusText + ' ', el('span', { class: 'note' }, '(' + record.ms + ' ms)')),
        el('details', {}, el('summary', {}, 'CORS response headers'), fields([
          ['Access-Control-Allow-Origin', record.allowOrigin ?? '(none)', 'Without it the browser would not let this page read the response.'],
          ...(record.wwwAuthenticate ? [['WWW-Authenticate', record.wwwAuthenticate]] : []),
        ], 'Header')),
        record.text ? [el('h4', {}, 'Response body'), el('pre', {}, record.json ? shown(record.json) : record.text)] : null,
      ]);

  const tokenView = (title, jwt, id, note) => {
    const claims = jwtPart(jwt, 1);
    const header = jwtPart(jwt, 0);
    return el('div', { class: 'token' }, el('h3', {}, title), el('p', {}, el('code', {}, cut(jwt)), secret(note)),
      el('h4', {}, 'Header'), fields(Object.entries(header).map(([k, v]) => [k, v]), 'Member'),
      el('h4', {}, 'Claims'), fields(Object.entries(claims).map(([k, v]) => [k, typeof v === 'object' ? JSON.stringify(v) : v]), 'Claim', id));
  };

  /** What this page has put in browser storage: the test reads the same thing, and it must hold no token. */
  const showStorage = () => {
    const rows = [];
    for (const [name, store] of [['localStorage', localStorage], ['sessionStorage', sessionStorage]]) {
      rows.push([name, store.length === 0 ? '(empty)' : Object.keys(store).join(', ')]);
    }
    rows.push(['document.cookie', document.cookie === '' ? '(empty)' : document.cookie.split(';').map(c => c.split('=')[0].trim()).join(', ')]);
    rows.push(['tokens in memory', tokens ? Object.keys(tokens).filter(k => tokens[k]).join(', ') : '(none)', 'JavaScript variables of this page: gone when it reloads.']);
    $('storage-result').replaceChildren(fields(rows, 'Where', 'storage-table'));
  };

  // ---- step 1: discovery ---------------------------------------------------------------------------------------
  const discover = async () => {
    const record = await send('Discovery document (OIDC Discovery §4), fetched cross-origin', 'GET', config.authority + '.well-known/openid-configuration');
    show(1, exchange(record, 'discovery-status'));
    if (!record.ok || !record.json) {
      add(1, alert('The discovery document could not be read. Is this origin in the client\'s allowedOrigins?'));
      setState(1, 'failed');
      return false;
    }
    metadata = record.json;
    const expectedIssuer = config.authority;
    const rules = [
      { rule: 'The issuer is the authority this page was configured with', expected: expectedIssuer, actual: metadata.issuer, passed: metadata.issuer === expectedIssuer },
      { rule: 'PKCE with S256 is supported', expected: 'S256', actual: (metadata.code_challenge_methods_supported || []).join(' '), passed: (metadata.code_challenge_methods_supported || []).includes('S256') },
    ];
    add(1, checks(rules, 'discovery-checks'));
    setState(1, rules.every(r => r.passed) ? 'done' : 'failed');
    return rules.every(r => r.passed);
  };

  // ---- step 2: the authorization request -----------------------------------------------------------------------
  const prepareRequest = async () => {
    const verifier = random(32); // RFC 7636 §4.1: 43 characters of base64url from 32 random bytes
    const params = {
      response_type: 'code',
      client_id: config.clientId,
      redirect_uri: config.redirectUri,
      scope: config.scope,
      state: random(16),
      nonce: random(16),
      code_challenge: await sha256(verifier),
      code_challenge_method: 'S256',
    };
    const url = metadata.authorization_endpoint + '?' + new URLSearchParams(params);
    renderRequest(params, verifier);
    const button = el('button', { type: 'button', id: 'spa-signin' }, 'Sign in at the AuthServer');
    button.addEventListener('click', () => {
      sessionStorage.setItem(PENDING, JSON.stringify({ verifier, params, issuer: metadata.issuer }));
      location.assign(url);
    });
    add(2, el('p', { class: 'request-line' }, '→ ', el('span', { class: 'method' }, 'GET'), ' ', el('code', {}, url)), el('div', { class: 'buttons' }, button));
  };

  const renderRequest = (params, verifier) => show(2,
    el('p', {}, 'The code verifier is 32 random bytes from WebCrypto (crypto.getRandomValues); the challenge is its SHA-256 (crypto.subtle.digest). Only the challenge leaves the page now; the verifier follows with the code, so whoever redeems the code must be the page that asked for it (RFC 7636).'),
    fields([
      ...Object.entries(params).map(([k, v]) => [k, v, k === 'state' ? 'Checked on return: the response belongs to this tab\'s request (CSRF).' : k === 'nonce' ? 'Must come back inside the ID token.' : null]),
      ['code_verifier (not sent yet)', verifier, 'Kept in sessionStorage for the round trip only; read and deleted by the callback.', true],
    ], 'Parameter', 'authorize-parameters'));

  // ---- step 3: callback, code exchange and ID token validation -------------------------------------------------
  const handleCallback = async () => {
    const query = new URLSearchParams(location.search);
    const pendingText = sessionStorage.getItem(PENDING);
    sessionStorage.removeItem(PENDING); // one use: a replayed callback finds nothing to match
    history.replaceState(null, '', config.home); // the code leaves the address bar and the history
    const pending = pendingText ? JSON.parse(pendingText) : null;
    if (pending) {
      renderRequest(pending.params, pending.verifier);
      setState(2, 'done');
    }

    if (query.has('error')) {
      show(3, alert('The AuthServer answered ' + query.get('error') + ': ' + (query.get('error_description') || '(no description)')));
      setState(3, 'failed');
      return false;
    }

    const rules = [
      { rule: 'A request from this tab is waiting', expected: 'yes', actual: pending ? 'yes' : 'no', passed: !!pending },
      { rule: 'state matches the request (RFC 6749 §10.12)', expected: cut(pending?.params.state ?? '?'), actual: cut(query.get('state') ?? '(none)'), passed: !!pending && query.get('state') === pending.params.state },
      { rule: 'iss is the issuer the request went to (RFC 9207)', expected: metadata.issuer, actual: query.get('iss') ?? '(none)', passed: query.get('iss') === metadata.issuer },
      { rule: 'A code came back', expected: 'code', actual: query.has('code') ? 'code' : '(none)', passed: query.has('code') },
    ];
    show(3, checks(rules, 'callback-checks'));
    if (!rules.every(r => r.passed)) {
      add(3, alert('The callback is refused: it does not answer a request this tab made.'));
      setState(3, 'failed');
      return false;
    }
    add(3, success('State and issuer match the request.', 'callback-result'));

    const record = await send('Token request: grant_type=authorization_code (RFC 6749 §4.1.3), from the browser', 'POST', metadata.token_endpoint, {
      form: {
        grant_type: 'authorization_code',
        code: query.get('code'),
        redirect_uri: config.redirectUri,
        client_id: config.clientId,
        code_verifier: pending.verifier,
      },
    });
    add(3, exchange(record, 'token-status'));
    if (!record.ok || !record.json?.access_token) {
      add(3, alert('The code was not exchanged.'));
      setState(3, 'failed');
      return false;
    }
    keep(record.json);

    const idToken = await validateIdToken(record.json.id_token, pending.params.nonce);
    add(3, idToken);
    add(3, tokenView('Access token (RFC 9068 JWT)', tokens.access, 'access-claims', 'In a variable of this page; any script running here could read it.'));
    setState(3, $('idtoken-checks')?.querySelector('[data-passed=false]') ? 'failed' : 'done');
    return true;
  };

  const keep = json => {
    tokens = { access: json.access_token, refresh: json.refresh_token, id: json.id_token ?? tokens?.id };
  };

  /** OIDC Core §3.1.3.7: signature against the AuthServer's JWKS (fetched cross-origin), then iss, aud, exp, nonce. */
  const validateIdToken = async (jwt, nonce) => {
    if (!jwt) return alert('No ID token came back.');
    const header = jwtPart(jwt, 0);
    const claims = jwtPart(jwt, 1);
    const record = await send('The AuthServer\'s public signing keys (JWKS), fetched cross-origin', 'GET', metadata.jwks_uri);
    const key = record.json?.keys?.find(k => k.kid === header.kid);
    let signature = false;
    if (key && (header.alg === 'RS256' || header.alg === 'ES256')) {
      const algorithm = header.alg === 'RS256' ? { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' } : { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' };
      const { kid, use, alg, key_ops, x5c, x5t, ...material } = key;
      const cryptoKey = await crypto.subtle.importKey('jwk', material, algorithm, false, ['verify']);
      const [h, p, s] = jwt.split('.');
      signature = await crypto.subtle.verify(algorithm, cryptoKey, unb64url(s), new TextEncoder().encode(h + '.' + p));
    }
    const audiences = [].concat(claims.aud);
    const now = Math.floor(Date.now() / 1000);
    const rules = [
      { rule: 'Signed by a key in the JWKS (' + header.alg + ')', expected: header.kid ?? '(kid)', actual: signature ? 'valid signature' : 'no valid signature', passed: signature },
      { rule: 'iss is the issuer', expected: metadata.issuer, actual: claims.iss, passed: claims.iss === metadata.issuer },
      { rule: 'aud contains this client', expected: config.clientId, actual: audiences.join(' '), passed: audiences.includes(config.clientId) },
      { rule: 'Not expired', expected: '> ' + now, actual: claims.exp, passed: claims.exp > now },
      { rule: 'nonce matches the request (replay protection)', expected: cut(nonce), actual: cut(claims.nonce ?? '(none)'), passed: claims.nonce === nonce },
    ];
    const passed = rules.every(r => r.passed);
    return el('div', {}, exchange(record), checks(rules, 'idtoken-checks'),
      passed ? success('The ID token is valid.', 'idtoken-result') : alert('The ID token is not valid.'),
      tokenView('ID token', jwt, 'idtoken-claims', 'Who signed in; for this page, not for APIs.'));
  };

  // ---- step 4: the API, called from the browser ----------------------------------------------------------------
  const callApi = async () => {
    if (!tokens) return;
    const api = await send('API call with the access token, cross-origin to the ResourceApi', 'GET', config.api + 'api/me', { bearer: tokens.access });
    const userInfo = await send('UserInfo (OIDC Core §5.3), cross-origin to the AuthServer', 'GET', metadata.userinfo_endpoint, { bearer: tokens.access });
    show(4, exchange(api, 'api-status'), exchange(userInfo, 'userinfo-status'), refreshButtons());
    setState(4, api.ok && userInfo.ok ? 'done' : 'failed');
    showStorage();
  };

  // ---- step 5: refresh, with rotation --------------------------------------------------------------------------
  const refresh = async () => {
    if (!tokens?.refresh) return;
    const before = tokens;
    const record = await send('Token request: grant_type=refresh_token (RFC 6749 §6), from the browser', 'POST', metadata.token_endpoint, {
      form: { grant_type: 'refresh_token', refresh_token: before.refresh, client_id: config.clientId },
    });
    const nodes = [exchange(record, 'refresh-status')];
    if (record.ok && record.json?.refresh_token) {
      keep(record.json);
      replaced = before.refresh;
      const rules = [
        { rule: 'A new access token', expected: 'different from the last', actual: cut(tokens.access), passed: tokens.access !== before.access },
        { rule: 'A new refresh token: the old one is now used up (rotation, RFC 9700 §4.14.2)', expected: 'different from ' + cut(before.refresh), actual: cut(tokens.refresh), passed: tokens.refresh !== before.refresh },
      ];
      nodes.push(checks(rules, 'refresh-checks'));
      nodes.push(rules.every(r => r.passed) ? success('The refresh token rotated.', 'refresh-result') : alert('The refresh token did not rotate.'));
      setState(5, rules.every(r => r.passed) ? 'done' : 'failed');
      const replay = el('button', { type: 'button', class: 'secondary', id: 'spa-replay' }, 'Present the old refresh token again');
      replay.addEventListener('click', replayOld);
      nodes.push(el('p', {}, 'A thief who copied the old refresh token would present it again. Try it:'), el('div', { class: 'buttons' }, replay));
    } else {
      nodes.push(alert('The refresh failed.'));
      setState(5, 'failed');
    }
    show(5, ...nodes);
    showStorage();
  };

  const replayOld = async () => {
    const record = await send('Token request with the already used refresh token', 'POST', metadata.token_endpoint, {
      form: { grant_type: 'refresh_token', refresh_token: replaced, client_id: config.clientId },
    });
    add(5, exchange(record, 'replay-status'), record.json?.error === 'invalid_grant'
      ? success('Refused with invalid_grant. The AuthServer also revoked the whole family: the current refresh token is dead too, and the user must sign in again.', 'replay-result')
      : alert('The old refresh token was accepted: rotation is not enforced.'));
  };

  const refreshButtons = () => {
    const again = el('button', { type: 'button', class: 'secondary', id: 'spa-call-api' }, 'Call the API again');
    again.addEventListener('click', callApi);
    const refreshButton = el('button', { type: 'button', id: 'spa-refresh' }, 'Refresh the tokens (step 5)');
    refreshButton.addEventListener('click', refresh);
    return el('div', { class: 'buttons' }, again, refreshButton);
  };

  // ---- run -----------------------------------------------------------------------------------------------------
  const run = async () => {
    showStorage();
    if (!await discover()) return;
    if (location.pathname.endsWith('/callback')) {
      if (await handleCallback()) {
        await callApi();
      } else {
        setState(4, 'not-run');
      }
    } else {
      await prepareRequest();
    }
    showStorage();
  };
  run().catch(error => { document.getElementById('main').prepend(alert('The walkthrough stopped: ' + error.message)); });
})();
