// Answers with the var it was given, so the test sees the vars reached the Worker.
export default {
  fetch(_request: Request, env: { GREETING: string }): Response {
    return new Response(env.GREETING);
  },
};
