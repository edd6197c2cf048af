/**
 * One request per key until `clear()`: callers that ask for the same key, at once or later, share its answer. One that
 * fails is forgotten, so the next caller asks again.
 */
export class SharedRequests<K, V> {
  private readonly requests = new Map<K, Promise<V>>();

  get(key: K, start: () => Promise<V>): Promise<V> {
    let request = this.requests.get(key);
    if (!request) {
      request = start();
      this.requests.set(key, request);
      request.catch(() => this.requests.delete(key));
    }
    return request;
  }

  clear(): void {
    this.requests.clear();
  }
}
