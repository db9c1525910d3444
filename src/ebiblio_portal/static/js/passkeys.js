// Passkeys (WebAuthn): shows the passkey buttons only where the browser supports them.
(function () {
  "use strict";
  if (!window.PublicKeyCredential || !navigator.credentials) { return; }

  function toBytes(text) {
    var base64 = text.replace(/-/g, "+").replace(/_/g, "/");
    while (base64.length % 4) { base64 += "="; }
    var raw = atob(base64), bytes = new Uint8Array(raw.length);
    for (var i = 0; i < raw.length; i++) { bytes[i] = raw.charCodeAt(i); }
    return bytes.buffer;
  }

  function toText(buffer) {
    var bytes = new Uint8Array(buffer), raw = "";
    for (var i = 0; i < bytes.length; i++) { raw += String.fromCharCode(bytes[i]); }
    return btoa(raw).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
  }

  function post(url, csrf, body) {
    return fetch(url, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRF-Token": csrf },
      body: JSON.stringify(body || {})
    }).then(function (response) {
      return response.json().then(function (data) {
        if (!response.ok) { throw new Error(data.error || response.statusText); }
        return data;
      });
    });
  }

  function credentialJSON(credential) {
    var response = credential.response, out = {
      id: credential.id, rawId: toText(credential.rawId), type: credential.type,
      clientExtensionResults: credential.getClientExtensionResults ? credential.getClientExtensionResults() : {},
      response: { clientDataJSON: toText(response.clientDataJSON) }
    };
    if (response.attestationObject) {
      out.response.attestationObject = toText(response.attestationObject);
      out.response.transports = response.getTransports ? response.getTransports() : [];
    } else {
      out.response.authenticatorData = toText(response.authenticatorData);
      out.response.signature = toText(response.signature);
      if (response.userHandle) { out.response.userHandle = toText(response.userHandle); }
    }
    return out;
  }

  function showError(message) {
    var element = document.getElementById("passkey-error");
    if (element) { element.textContent = message; }
  }

  var login = document.getElementById("passkey-login-button");
  if (login) {
    document.getElementById("passkey-login").hidden = false;
    login.addEventListener("click", function () {
      showError("");
      post(login.dataset.options, login.dataset.csrf).then(function (options) {
        options.challenge = toBytes(options.challenge);
        (options.allowCredentials || []).forEach(function (c) { c.id = toBytes(c.id); });
        return navigator.credentials.get({ publicKey: options });
      }).then(function (credential) {
        return post(login.dataset.verify, login.dataset.csrf, credentialJSON(credential));
      }).then(function (data) { window.location.assign(data.redirect); })
        .catch(function (error) { showError(error.message); });
    });
  }

  var add = document.getElementById("passkey-register-button");
  if (add) {
    document.getElementById("passkey-register").hidden = false;
    add.addEventListener("click", function () {
      showError("");
      post(add.dataset.options, add.dataset.csrf).then(function (options) {
        options.challenge = toBytes(options.challenge);
        options.user.id = toBytes(options.user.id);
        (options.excludeCredentials || []).forEach(function (c) { c.id = toBytes(c.id); });
        return navigator.credentials.create({ publicKey: options });
      }).then(function (credential) {
        var name = document.getElementById("passkey-name").value;
        return post(add.dataset.verify, add.dataset.csrf, { credential: credentialJSON(credential), name: name });
      }).then(function (data) { window.location.assign(data.redirect); })
        .catch(function (error) { showError(error.message); });
    });
  }
})();
