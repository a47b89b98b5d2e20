// y-leveldb ships types that its `exports` map does not point at; the test uses two helpers.
declare module 'y-leveldb' {
  export function getLevelUpdates(db: unknown, docName: string, opts?: object): Promise<unknown[]>;
  export function getAllDocs(db: unknown, values: boolean, keys: boolean): Promise<unknown[]>;
}
