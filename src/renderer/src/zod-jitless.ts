import { config } from 'zod'

// The CSP forbids eval: zod's JIT would probe `new Function` (a CSP violation report) before falling back.
// Imported first by main.ts, so it runs before any module builds a schema.
config({ jitless: true })
