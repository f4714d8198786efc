// Starts the OpenAPI viewer (Swagger UI, from the swagger-ui-dist package) on the API docs page.
// A file of its own, served from /ui/static, because the pages' CSP runs no inline script; the
// document's address comes from the page's data-openapi attribute.
/* global SwaggerUIBundle */
window.addEventListener('DOMContentLoaded', () => {
  const root = document.getElementById('swagger-ui');
  if (root === null || typeof SwaggerUIBundle !== 'function') return;
  SwaggerUIBundle({
    url: root.dataset.openapi,
    domNode: root,
    deepLinking: true,
    presets: [SwaggerUIBundle.presets.apis],
    layout: 'BaseLayout',
    // Calls made from the viewer carry the browser's session cookie; writes need its CSRF token,
    // which the viewer cannot know: it tries reads only. Clients use a bearer token.
    supportedSubmitMethods: ['get'],
    validatorUrl: null,
  });
});
