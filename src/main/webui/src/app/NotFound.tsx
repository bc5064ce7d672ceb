import { Empty } from '../ui/Empty';

export function NotFound() {
  return (
    <div class="page">
      <Empty icon="search" title="This page does not exist">
        <p>The link may be old or mistyped.</p>
        <a class="btn btn--primary" href="/">See all events</a>
      </Empty>
    </div>
  );
}
