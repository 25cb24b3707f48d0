// The workerd pool needs a Worker to host the tests; the tests import the package directly.
export default {
  fetch: () => new Response("db test worker"),
};
