import { render } from 'preact';
// the design system first, so that page styles (loaded with their pages) come after it and win on equal specificity
import './styles/tokens.css';
import './styles/base.css';
import './styles/components.css';
import { App } from './app/App';

render(<App />, document.getElementById('app')!);
