// The workerd test project needs a Worker to host the tests; the tests import the package directly.
export default {
  fetch: () => new Response("crypto test worker"),
};
