/** `npm start`: the product on http://127.0.0.1:3000 (PORT overrides), data kept in .data/. */
import { resolve } from 'node:path';
import { startLocalStack } from './stack.ts';

const dataDir = resolve(import.meta.dirname, '..', '.data');
const port = Number(process.env.PORT ?? 3000);

console.log('Starting DynamoDB Local and s3rver (about 5 s)...');
const stack = await startLocalStack({ dataDir, port });
console.log(`
RPPO proposal pipeline, running locally
  Web pages      ${stack.url}/   (signs in through ${stack.url}/auth/sign-in, as on AWS, or at once at /local/login)
  API            ${stack.url}/api   (OpenAPI: ${stack.url}/api/openapi.json)
  Sign in        POST ${stack.url}/local/login  {"role":"secretariat"} or {"role":"rppo","rppo":"EPPO"}
  DynamoDB Local ${stack.dynamoDb.endpoint}  table ${stack.config.tableName}
  S3 (s3rver)    ${stack.s3.endpoint}  bucket ${stack.config.documentsBucket}
  Data           ${dataDir} (kept across restarts; delete it to start afresh)
Press Ctrl+C to stop.`);

let stopping = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, async () => {
    if (stopping) return;
    stopping = true;
    console.log('\nStopping...');
    await stack.stop();
    process.exit(0);
  });
}
