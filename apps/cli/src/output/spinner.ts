// A one-line progress indicator on stderr, only when stderr is a terminal: piped output and logs
// never get control characters. NO_COLOR does not hide it (it is not colour), a non-TTY does.
import type { CliIo } from '../io';

const FRAMES = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];

export class Spinner {
  private frame = 0;
  private text = '';
  private timer?: NodeJS.Timeout;

  constructor(private readonly io: CliIo) {}

  get active(): boolean {
    return this.io.stderrIsTTY;
  }

  update(text: string): void {
    if (!this.active) return;
    this.text = text;
    this.draw();
    this.timer ??= setInterval(() => this.draw(), 80);
  }

  private draw(): void {
    this.frame = (this.frame + 1) % FRAMES.length;
    this.io.stderr(`\r\u001b[2K${FRAMES[this.frame]} ${this.text}`);
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    if (this.active && this.text) this.io.stderr('\r\u001b[2K');
  }
}
