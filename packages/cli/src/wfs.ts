// citty decides once, when it loads, whether to colour its usage text (unless NO_COLOR=1): set it
// before loading anything when stdout is not a terminal, so piped or redirected output is plain.
if (!process.stdout.isTTY && !process.env.FORCE_COLOR) process.env.NO_COLOR = "1";

const { main } = await import("./main");

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(
      `wfs: unexpected failure: ${error instanceof Error ? error.message : String(error)}\n`,
    );
    process.exitCode = 1;
  },
);
