declare namespace Cloudflare {
  interface Env {
    TEST_MIGRATIONS: import('cloudflare:test').D1Migration[];
  }
}

// Vite's `?raw` imports: a file's text (tests read browser scripts this way).
declare module '*?raw' {
  const text: string;
  export default text;
}
