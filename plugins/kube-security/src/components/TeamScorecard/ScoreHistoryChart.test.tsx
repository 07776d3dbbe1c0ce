import { render, screen } from '@testing-library/react';
import { scoreHistory } from '../../__testUtils__/fixtures';
import { describeHistory, ScoreHistoryChart } from './ScoreHistoryChart';

describe('ScoreHistoryChart', () => {
  it('draws a line through every day with a score', () => {
    const history = scoreHistory([55, 58, 64, 71]);
    const { container } = render(<ScoreHistoryChart history={history} />);
    const chart = screen.getByRole('img', { name: describeHistory(history) });
    expect(chart).toBeInTheDocument();
    expect(container.querySelector('.recharts-line-curve')).toBeInTheDocument();
    expect(container.querySelectorAll('.recharts-line-dot')).toHaveLength(4);
    expect(describeHistory(history)).toBe(
      `Score history over 4 days: 55 on ${history[0].day}, 71 on ${history[3].day}.`,
    );
  });

  it('shows a single dot and says why there is no line yet', () => {
    const history = scoreHistory([64]);
    const { container } = render(<ScoreHistoryChart history={history} />);
    expect(container.querySelectorAll('.recharts-line-dot')).toHaveLength(1);
    expect(
      screen.getByText(/The line appears after the next day's scan/),
    ).toBeInTheDocument();
  });

  it('draws nothing without history', () => {
    const { container } = render(<ScoreHistoryChart history={[]} />);
    expect(container.querySelector('svg.recharts-surface')).toBeNull();
    expect(screen.getByText(/No score history yet/)).toBeInTheDocument();
  });

  it('treats days without a score as no history', () => {
    render(
      <ScoreHistoryChart
        history={[{ day: '2025-05-01', score: null, grade: null }]}
      />,
    );
    expect(screen.getByText(/No score history yet/)).toBeInTheDocument();
  });
});
