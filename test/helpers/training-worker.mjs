// Starts the TypeScript training worker under Vitest: tsx compiles it on the fly inside the thread.
import { register } from 'tsx/esm/api'

register()
await import('../../src/main/training/worker.ts')
