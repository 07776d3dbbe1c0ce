import { useRouteRef } from '@backstage/core-plugin-api';
import { Tab, Tabs } from '@material-ui/core';
import { Link as RouterLink } from 'react-router-dom';
import { actionPlanRouteRef, rootRouteRef } from '../../routes';

/** The Security page's two views: the org overview and the action plan for anyone. */
export const SecurityTabs = ({
  selected,
}: {
  selected: 'overview' | 'action-plan';
}) => {
  const overviewLink = useRouteRef(rootRouteRef);
  const actionPlanLink = useRouteRef(actionPlanRouteRef);
  return (
    <Tabs
      value={selected}
      indicatorColor="primary"
      textColor="primary"
      aria-label="Security views"
      data-ks-print="hide"
    >
      <Tab
        value="overview"
        label="Overview"
        component={RouterLink}
        to={overviewLink()}
      />
      <Tab
        value="action-plan"
        label="Action plan"
        component={RouterLink}
        to={actionPlanLink()}
      />
    </Tabs>
  );
};
