/** Generated documents in S3, handed out through short-lived presigned links. */
import { GetObjectCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';

export type DocumentStore = ReturnType<typeof createDocumentStore>;

export const DOWNLOAD_LINK_SECONDS = 15 * 60;
export const DOCX_CONTENT_TYPE = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

export function createDocumentStore({ client, bucket }: { client: S3Client; bucket: string }) {
  return {
    async put(key: string, body: Uint8Array, sha256Base64: string): Promise<void> {
      await client.send(
        new PutObjectCommand({
          Bucket: bucket,
          Key: key,
          Body: body,
          ContentType: DOCX_CONTENT_TYPE,
          // S3 checks the bytes it stored against the hash we computed.
          ChecksumSHA256: sha256Base64,
        }),
      );
    },

    /** The object's bytes, or undefined when there is none under the key. */
    async get(key: string): Promise<Uint8Array | undefined> {
      try {
        const object = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
        return object.Body ? await object.Body.transformToByteArray() : undefined;
      } catch (error) {
        if (error instanceof Error && error.name === 'NoSuchKey') return undefined;
        throw error;
      }
    },

    /** A GET link valid for 15 minutes that makes browsers save the file under `fileName`. */
    downloadUrl(key: string, fileName: string): Promise<string> {
      const command = new GetObjectCommand({
        Bucket: bucket,
        Key: key,
        ResponseContentDisposition: `attachment; filename="${fileName.replace(/[^\w.-]/g, '_')}"`,
        ResponseContentType: DOCX_CONTENT_TYPE,
      });
      return getSignedUrl(client, command, { expiresIn: DOWNLOAD_LINK_SECONDS });
    },
  };
}
