// A bounded async queue between a push source (a Docker socket) and a pull consumer (the socket.io
// layer). Past `highWaterBytes` it asks the source to pause, so a slow client holds back the
// command's output instead of growing server memory.

export class ChunkQueue<T> {
  private readonly items: { item: T; bytes: number }[] = [];
  private bytes = 0;
  private ended = false;
  private waiting: (() => void) | null = null;
  private pressure: ((full: boolean) => void) | null = null;
  private full = false;

  constructor(private readonly highWaterBytes = 256 * 1024) {}

  onPressure(listener: (full: boolean) => void): void {
    this.pressure = listener;
    if (this.full) listener(true);
  }

  push(item: T, bytes: number): void {
    if (this.ended) return;
    this.items.push({ item, bytes });
    this.bytes += bytes;
    this.setFull(this.bytes >= this.highWaterBytes);
    this.wake();
  }

  end(): void {
    this.ended = true;
    this.wake();
  }

  private wake(): void {
    const w = this.waiting;
    this.waiting = null;
    w?.();
  }

  private setFull(full: boolean): void {
    if (full === this.full) return;
    this.full = full;
    this.pressure?.(full);
  }

  async *iterator(): AsyncGenerator<T> {
    for (;;) {
      const next = this.items.shift();
      if (next) {
        this.bytes -= next.bytes;
        if (this.bytes < this.highWaterBytes / 2) this.setFull(false);
        yield next.item;
        continue;
      }
      if (this.ended) return;
      await new Promise<void>((resolve) => (this.waiting = resolve));
    }
  }
}
